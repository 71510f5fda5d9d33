import { useMemo } from 'react';
import type { RefObject } from 'react';
import { PURPOSE_COLOURS } from '../colours.ts';
import { humanise } from '../format.ts';
import { BarChart } from './bar-chart.tsx';

export const FORMS = ['structural', 'conceptual', 'operational', 'relational'] as const;
export const PURPOSES = ['creating', 'maintaining', 'disrupting'] as const;

/** Accepts `form.operational` or `operational`. */
const bare = (key: string) => key.slice(key.lastIndexOf('.') + 1);

/** A work profile: bars per form of work, stacked by purpose. */
export function ProfileChart(props: {
  counts: readonly { form: string; purpose: string; count: number }[];
  description: string;
  height?: number;
  canvasRef?: RefObject<HTMLCanvasElement | null>;
}) {
  const { labels, series } = useMemo(() => {
    const forms = [
      ...FORMS,
      ...new Set(
        props.counts
          .map((c) => bare(c.form))
          .filter((f) => !(FORMS as readonly string[]).includes(f)),
      ),
    ];
    const purposes = [
      ...PURPOSES,
      ...new Set(
        props.counts
          .map((c) => bare(c.purpose))
          .filter((p) => !(PURPOSES as readonly string[]).includes(p)),
      ),
    ];
    return {
      labels: forms.map(humanise),
      series: purposes.map((purpose) => ({
        label: humanise(purpose),
        colour: PURPOSE_COLOURS[purpose] ?? '#6b7280',
        data: forms.map((form) =>
          props.counts
            .filter((c) => bare(c.form) === form && bare(c.purpose) === purpose)
            .reduce((n, c) => n + c.count, 0),
        ),
      })),
    };
  }, [props.counts]);
  return (
    <BarChart
      description={props.description}
      labels={labels}
      series={series}
      stacked
      height={props.height ?? 220}
      {...(props.canvasRef === undefined ? {} : { canvasRef: props.canvasRef })}
    />
  );
}
