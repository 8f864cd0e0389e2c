// Metric charts, loaded on demand (their own chunk): uPlot over points the server already
// reduced to the chart's width (M4 keeps each column's first, last, lowest and highest).
import uPlot from 'uplot';

const STYLESHEET = '/assets/charts.css';

function loadStylesheet(): void {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLESHEET;
  document.head.append(link);
}

export interface Series {
  steps: number[];
  values: Array<number | null>;
}

/** Draws one series (step on x) into `box`; returns what removes the chart. */
export function mountChart(box: HTMLElement, label: string, series: Series, logScale: boolean) {
  loadStylesheet();
  const css = getComputedStyle(document.documentElement);
  const stroke = css.getPropertyValue('--accent').trim() || '#3b82f6';
  const axis = {
    stroke: css.getPropertyValue('--fg').trim() || '#888',
    grid: { stroke: css.getPropertyValue('--line').trim() || '#8884' },
  };
  const plot = new uPlot(
    {
      width: Math.max(300, box.clientWidth),
      height: 220,
      scales: { x: { time: false }, y: logScale ? { distr: 3 } : {} },
      axes: [axis, axis],
      series: [{ label: 'step' }, { label, stroke, width: 1.5, points: { show: false } }],
    },
    [series.steps, series.values.map((v) => (logScale && v !== null && v <= 0 ? null : v))],
    box,
  );
  return () => plot.destroy();
}
