import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from './api.js';
import type { Chart, Line } from './chart-view.js';
import { t } from './i18n.js';
import { smooth } from './smoothing.js';
import { lineOf, seriesPath, type SeriesAnswer } from './tracker-api.js';

type Range = { from: number; to: number };

/** Starts loading uPlot and its stylesheet while the page still reads what to chart. */
export function preloadCharts(): void {
  void import('./chart-view.js').then((view) => view.loadStylesheet());
}

export interface MetricChartProps {
  uids: readonly string[];
  /** A label per run, in the order of uids. */
  labels: readonly string[];
  metricKey: string;
  logScale: boolean;
  /** EMA weight, 0 (none) to below 1. */
  smoothing: number;
  /** Changes when the runs got new points: the shown range is read again. */
  tick: number;
  /** Where this metric's points download as CSV (a single run's chart). */
  csv?: string | undefined;
}

function caption(answer: SeriesAnswer, range: Range | undefined): string {
  const total = answer.series.reduce((n, s) => n + s.total, 0);
  const reduced = answer.series.some((s) => s.downsampled);
  const runs = answer.series.length > 1 ? ` · ${answer.series.length} ${t('runs')}` : '';
  const zoom = range ? ` · ${t('steps')} ${range.from}–${range.to}` : '';
  return `${total} ${t('points')}${reduced ? ` · ${t('downsampled')}` : ''}${runs}${zoom}`;
}

/**
 * One metric of one or more runs: fetched in one request at the chart's pixel width, drawn by the
 * lazily loaded uPlot. A drag-select asks the server for that step range at the same width
 * (finer detail, extremes kept); smoothing works on what is drawn.
 */
export function MetricChart(props: MetricChartProps) {
  const { uids, labels, metricKey, logScale, smoothing, tick, csv } = props;
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<{ view: Chart; logScale: boolean }>(undefined);
  const raw = useRef<Line[]>([]);
  const weight = useRef(smoothing);
  const [range, setRange] = useState<Range>();
  const [info, setInfo] = useState<string>(t('loading'));
  const ids = uids.join(',');

  const smoothed = (lines: readonly Line[]) =>
    lines.map((line) => ({ ...line, values: smooth(line.values, weight.current) }));

  useEffect(() => {
    let gone = false;
    const width = Math.max(300, box.current?.clientWidth ?? 600);
    void (async () => {
      try {
        const [answer, view] = await Promise.all([
          get<SeriesAnswer>(seriesPath(uids, metricKey, width, range)),
          import('./chart-view.js'),
        ]);
        if (gone || !box.current) return;
        const label = new Map(uids.map((uid, i) => [uid, labels[i] ?? uid]));
        raw.current = answer.series.map((s) => ({
          label: label.get(s.uid) ?? s.uid,
          ...lineOf(s),
        }));
        if (chart.current && chart.current.logScale === logScale) {
          chart.current.view.update(smoothed(raw.current), range);
        } else {
          chart.current?.view.destroy();
          box.current.replaceChildren();
          const mounted = view.mountChart(box.current, smoothed(raw.current), {
            logScale,
            onZoom: (from, to) => setRange({ from, to }),
          });
          chart.current = { view: mounted, logScale };
          if (range) mounted.update(smoothed(raw.current), range);
        }
        const el = box.current;
        el.dataset['series'] = String(raw.current.length);
        el.dataset['points'] = String(raw.current.reduce((n, l) => n + l.steps.length, 0));
        el.dataset['range'] = range ? `${range.from}-${range.to}` : '';
        el.dataset['state'] = 'drawn';
        setInfo(caption(answer, range));
      } catch (error) {
        setInfo((error as Error).message);
      }
    })();
    return () => {
      gone = true;
    };
  }, [ids, metricKey, logScale, range, tick]);

  useEffect(() => {
    weight.current = smoothing;
    chart.current?.view.update(smoothed(raw.current), range);
  }, [smoothing]);

  useEffect(() => () => chart.current?.view.destroy(), []);

  return (
    <figure>
      <figcaption>
        <strong>{metricKey}</strong> <span class="muted">{info}</span>{' '}
        {csv ? (
          <a href={csv} download data-testid={`csv-${metricKey}`}>
            {t('csv')}
          </a>
        ) : null}{' '}
        {range ? (
          <button onClick={() => setRange(undefined)} data-testid={`unzoom-${metricKey}`}>
            {t('resetZoom')}
          </button>
        ) : null}
      </figcaption>
      <div class="chart-box" ref={box} data-testid={`chart-${metricKey}`} title={t('dragToZoom')} />
    </figure>
  );
}
