import { useMemo } from 'react';
import type { RefObject } from 'react';
import type { MatrixResponse } from '../../shared/api-types.ts';
import { FORM_COLOURS, PURPOSE_COLOURS, categoryColour } from '../colours.ts';
import { BarChart } from '../components/bar-chart.tsx';
import type { BarSeries } from '../components/bar-chart.tsx';

/** Stacked shares per row: how much of each position's work creates, maintains or disrupts. */
export function ShareChart(props: {
  matrix: MatrixResponse;
  rowDimLabel: string;
  /** What the bars divide into: the split family, or the column family without a split. */
  groupLabel: string;
  canvasRef: RefObject<HTMLCanvasElement | null>;
}) {
  const m = props.matrix;
  const { labels, series, title } = useMemo(() => {
    const groups = m.splits.length > 0 ? m.splits : m.cols;
    const key = m.splits.length > 0 ? 'split' : 'col';
    const keys = groups.map((g) => g.key);
    const data: BarSeries[] = groups.map((g) => ({
      label: g.label,
      colour:
        (g.key.startsWith('purpose.') ? PURPOSE_COLOURS : FORM_COLOURS)[
          g.key.split('.')[1] ?? ''
        ] ?? categoryColour(g.key, keys),
      data: m.rows.map((r) => {
        const total = m.rowTotals.find((t) => t.row === r.key)?.count ?? 0;
        const n = m.cells
          .filter((c) => c.row === r.key && (key === 'split' ? c.split === g.key : c.col === g.key))
          .reduce((s, c) => s + c.count, 0);
        return total === 0 ? 0 : (100 * n) / total;
      }),
    }));
    return {
      labels: m.rows.map((r) => r.label),
      series: data,
      title: props.groupLabel,
    };
  }, [m, props.groupLabel]);
  return (
    <section className="chart-panel" aria-labelledby="share-chart-title">
      <h2 id="share-chart-title">
        {title} by {props.rowDimLabel.toLowerCase()} <span className="muted">(share of row)</span>
      </h2>
      <BarChart
        description={`${title} by ${props.rowDimLabel}, as stacked shares of each row`}
        labels={labels}
        series={series}
        horizontal
        stacked
        percent
        height={Math.max(140, 48 * labels.length + 70)}
        canvasRef={props.canvasRef}
      />
    </section>
  );
}
