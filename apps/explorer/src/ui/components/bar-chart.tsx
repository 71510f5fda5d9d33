import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.color = '#1f2937';

export interface BarSeries {
  label: string;
  data: number[];
  colour: string;
  /** Per-bar colours (overrides `colour`). */
  colours?: string[];
}

export interface BarChartProps {
  /** Describes the chart for screen readers (the data is also in a table nearby). */
  description: string;
  labels: string[];
  series: BarSeries[];
  horizontal?: boolean;
  stacked?: boolean;
  /** Values are percentages (0–100): axis to 100 and ticks with %. */
  percent?: boolean;
  height: number;
  /** Receives the canvas, for PNG export. */
  canvasRef?: RefObject<HTMLCanvasElement | null>;
}

/** A bar chart drawn by Chart.js on a canvas. Animations are off: what you see is final. */
export function BarChart(props: BarChartProps) {
  const own = useRef<HTMLCanvasElement | null>(null);
  const canvasRef = props.canvasRef ?? own;
  const { labels, series, horizontal = false, stacked = false, percent = false } = props;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const valueAxis = {
      stacked,
      beginAtZero: true,
      ...(percent ? { max: 100 } : {}),
      ticks: {
        precision: 0,
        ...(percent ? { callback: (v: string | number) => `${v}%` } : {}),
      },
      grid: { color: '#e5e7eb' },
    };
    const categoryAxis = { stacked, grid: { display: false } };
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.data,
          backgroundColor: s.colours ?? s.colour,
          borderColor: '#ffffff',
          borderWidth: stacked ? 1 : 0,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: { position: 'bottom', display: series.length > 1 },
          tooltip: {
            callbacks: percent
              ? { label: (ctx) => `${ctx.dataset.label ?? ''}: ${Number(ctx.raw).toFixed(1)}%` }
              : {},
          },
        },
      },
    };
    const chart = new Chart(canvas, config);
    return () => chart.destroy();
  }, [canvasRef, labels, series, horizontal, stacked, percent]);

  return (
    <div className="chart" style={{ height: props.height }}>
      <canvas ref={canvasRef} role="img" aria-label={props.description} />
    </div>
  );
}
