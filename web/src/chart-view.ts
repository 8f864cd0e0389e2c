// Metric charts, loaded on demand (their own chunk): uPlot over points the server already
// reduced to the chart's width (M4 keeps each column's first, last, lowest and highest).
// Each run keeps its own steps (uPlot's x/y facets, mode 2): runs are never joined on one x axis,
// which for 100 runs would multiply the points by 100.
import uPlot from 'uplot';

const STYLESHEET = '/assets/charts.css';
// Past this many runs the legend would be longer than the chart: the page lists them instead.
const LEGEND_MAX = 12;

export function loadStylesheet(): void {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLESHEET;
  document.head.append(link);
}

export interface Line {
  label: string;
  steps: ArrayLike<number>;
  values: ArrayLike<number | null>;
}

export interface ChartOptions {
  logScale: boolean;
  /** A drag-select over the steps from..to (the chart asks the server for that range). */
  onZoom: (from: number, to: number) => void;
}

/** A colour per run, spread around the hue circle so neighbours differ. */
export const lineColour = (index: number, count: number) =>
  count === 1 ? '' : `hsl(${Math.round((index * 137.508) % 360)} 70% 50%)`;

function toData(lines: readonly Line[], logScale: boolean): uPlot.AlignedData {
  const facets = lines.map((line) => [
    line.steps,
    logScale ? Array.from(line.values, (v) => (v !== null && v <= 0 ? null : v)) : line.values,
  ]);
  return [null, ...facets] as unknown as uPlot.AlignedData;
}

/** Draws the lines (step on x) into `box`; returns what redraws and what removes the chart. */
export function mountChart(box: HTMLElement, lines: readonly Line[], options: ChartOptions) {
  loadStylesheet();
  const css = getComputedStyle(document.documentElement);
  const accent = css.getPropertyValue('--accent').trim() || '#3b82f6';
  const axis = {
    stroke: css.getPropertyValue('--fg').trim() || '#888',
    grid: { stroke: css.getPropertyValue('--line').trim() || '#8884' },
  };
  const xy = { scale: 'x', auto: true };
  const plot = new uPlot(
    {
      mode: 2,
      width: Math.max(300, box.clientWidth),
      height: 220,
      scales: { x: { time: false }, y: options.logScale ? { distr: 3 } : {} },
      axes: [axis, axis],
      legend: { show: lines.length <= LEGEND_MAX, live: false },
      cursor: {
        drag: { x: true, y: false, setScale: false },
        points: { show: false },
        dataIdx: () => null as unknown as number,
      },
      series: [
        {},
        ...lines.map((line, i) => ({
          label: line.label,
          stroke: lineColour(i, lines.length) || accent,
          width: lines.length > 20 ? 1 : 1.5,
          points: { show: false },
          facets: [xy, { scale: 'y', auto: true }],
        })),
      ] as uPlot.Series[],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 2) return;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            options.onZoom(Math.floor(from), Math.ceil(to));
          },
        ],
      },
    },
    toData(lines, options.logScale),
    box,
  );
  return {
    /** New points: the same lines, drawn over the range given (the whole data without one). */
    update(next: readonly Line[], range?: { from: number; to: number }) {
      plot.setData(toData(next, options.logScale), true);
      if (range) plot.setScale('x', { min: range.from, max: range.to });
    },
    destroy: () => plot.destroy(),
  };
}

export type Chart = ReturnType<typeof mountChart>;
