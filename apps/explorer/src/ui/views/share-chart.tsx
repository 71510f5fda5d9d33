import { useMemo } from 'react';
import type { RefObject } from 'react';
import type { MatrixResponse } from '../../shared/api-types.ts';
import { FORM_COLOURS, PURPOSE_COLOURS, categoryColour } from '../colours.ts';
import { BarChart } from '../components/bar-chart.tsx';
import type { BarSeries } from '../components/bar-chart.tsx';

/**
 * Each column's share of the row's distinct units, side by side per row (the table's row
 * percentages). Not stacked: where a unit falls in more than one column the shares add up to more
 * than 100%, and a stacked bar would cut off the last columns.
 */
export function ShareChart(props: {
  matrix: MatrixResponse;
  canvasRef: RefObject<HTMLCanvasElement | null>;
}) {
  const m = props.matrix;
  const { labels, series, title } = useMemo(() => {
    const table = m.tables[0];
    const family = m.cols.dimension;
    const keys = m.colValues.map((g) => g.key);
    const data: BarSeries[] = m.colValues.map((g) => ({
      label: g.label,
      colour:
        (family === 'purpose' ? PURPOSE_COLOURS : family === 'form' ? FORM_COLOURS : {})[g.key] ??
        categoryColour(g.key, keys),
      data: m.rowValues.map(
        (r) => table?.cells.find((c) => c.row === r.key && c.col === g.key)?.rowPct ?? 0,
      ),
    }));
    return { labels: m.rowValues.map((r) => r.label), series: data, title: m.cols.label };
  }, [m]);
  const rowLabel = m.rows.label;
  return (
    <section className="chart-panel" aria-labelledby="share-chart-title">
      <h2 id="share-chart-title">
        {title} by {rowLabel.toLowerCase()}{' '}
        <span className="muted">(% of the row's distinct units)</span>
      </h2>
      <BarChart
        description={`${title} by ${rowLabel}, as shares of each row's distinct units`}
        labels={labels}
        series={series}
        horizontal
        percent
        height={Math.max(140, (20 * series.length + 28) * labels.length + 70)}
        canvasRef={props.canvasRef}
      />
    </section>
  );
}
