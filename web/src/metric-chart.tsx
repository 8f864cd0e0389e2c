import { useEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { metricResponse } from '../../src/server/tracker-schemas.js';
import { get } from './api.js';
import { t } from './i18n.js';

type Metric = z.infer<typeof metricResponse>;

/** One metric of a run: fetched at the chart's pixel width, drawn by the lazily loaded uPlot. */
export function MetricChart({
  uid,
  metricKey,
  logScale,
}: {
  uid: string;
  metricKey: string;
  logScale: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [info, setInfo] = useState<string>(t('loading'));
  useEffect(() => {
    let unmount: (() => void) | undefined;
    let gone = false;
    const width = Math.max(300, box.current?.clientWidth ?? 600);
    void (async () => {
      try {
        const [metric, view] = await Promise.all([
          get<Metric>(
            `/api/tracker/runs/${encodeURIComponent(uid)}/metric?key=${encodeURIComponent(metricKey)}&width=${width}`,
          ),
          import('./chart-view.js'),
        ]);
        if (gone || !box.current) return;
        const values = metric.values.map((v) =>
          typeof v === 'number'
            ? v
            : v === 'Infinity'
              ? Infinity
              : v === '-Infinity'
                ? -Infinity
                : null,
        );
        unmount = view.mountChart(
          box.current,
          metricKey,
          { steps: metric.steps, values },
          logScale,
        );
        setInfo(
          `${metric.total} ${t('points')}${metric.downsampled ? ` · ${t('downsampled')}` : ''}`,
        );
      } catch (error) {
        setInfo((error as Error).message);
      }
    })();
    return () => {
      gone = true;
      unmount?.();
    };
  }, [uid, metricKey, logScale]);
  return (
    <figure>
      <figcaption>
        <strong>{metricKey}</strong> <span class="muted">{info}</span>
      </figcaption>
      <div class="chart-box" ref={box} data-testid={`chart-${metricKey}`} />
    </figure>
  );
}
