import { useEffect, useState } from 'preact/hooks';
import { get } from './api.js';
import { ChartControls, type ChartSettings } from './chart-controls.js';
import { Failure } from './failure.js';
import { t } from './i18n.js';
import { MetricChart, preloadCharts } from './metric-chart.js';
import { linkClick } from './router.js';
import { useRunUpdates } from './run-live.js';
import { runPath, statusText, type Comparison } from './tracker-api.js';

const MAX_CHARTS = 24;

// The same hue walk as the charts' lines (chart-view.ts is a lazy chunk: not imported here).
const swatch = (index: number, count: number) =>
  count === 1 ? 'var(--accent)' : `hsl(${Math.round((index * 137.508) % 360)} 70% 50%)`;

const cell = (value: unknown) =>
  value === null ? '–' : typeof value === 'string' ? value : JSON.stringify(value);

/** Runs side by side: every param (the differing ones marked), a chart per metric with a line per run. */
export function ComparePage({ ids }: { ids: readonly string[] }) {
  const [answer, setAnswer] = useState<Comparison>();
  const [error, setError] = useState<Error>();
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const [settings, setSettings] = useState<ChartSettings>({ logScale: false, smoothing: 0 });
  const running = answer?.runs.some((run) => run.status === 'running') ?? false;
  const tick = useRunUpdates(ids, running);
  const query = ids.map(encodeURIComponent).join(',');
  useEffect(preloadCharts, []);
  useEffect(() => {
    get<Comparison>(`/api/tracker/compare?ids=${query}`).then(setAnswer, setError);
  }, [query, tick]);
  if (error) return <Failure error={error} />;
  if (!answer) return <p class="muted">{t('loading')}</p>;
  const { runs, params, keys } = answer;
  const rows = onlyDiffering ? params.filter((p) => p.differs) : params;
  const uids = runs.map((run) => run.uid);
  const names = runs.map((run) => run.name);
  return (
    <>
      <h1>
        {t('compare')}{' '}
        <span class="muted">
          {runs.length} {t('runs')}
        </span>
      </h1>
      <h2>{t('paramsDiff')}</h2>
      <label>
        <input
          type="checkbox"
          checked={onlyDiffering}
          onChange={() => setOnlyDiffering(!onlyDiffering)}
        />{' '}
        {t('onlyDiffering')}
      </label>
      {params.length === 0 ? <p class="muted">{t('noParams')}</p> : null}
      <div class="scroll-x">
        <table data-testid="params-diff">
          <thead>
            <tr>
              <th>{t('param')}</th>
              {runs.map((run, i) => (
                <th key={run.uid}>
                  <span class="swatch" style={{ background: swatch(i, runs.length) }} />{' '}
                  <a href={runPath(run.uid)} onClick={(e) => linkClick(e, runPath(run.uid))}>
                    {run.name}
                  </a>{' '}
                  <span class="muted">{statusText(run)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.key}
                class={row.differs ? 'differs' : undefined}
                title={row.differs ? t('differs') : undefined}
              >
                <th>{row.key}</th>
                {row.values.map((value, i) => (
                  <td key={uids[i]}>{cell(value)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('charts')}</h2>
      <div class="toolbar">
        <ChartControls settings={settings} onChange={setSettings} />
        <span class="spacer" />
        {running ? <span class="muted">{t('liveUpdates')}</span> : null}
      </div>
      {keys.length === 0 ? <p class="muted">{t('noMetrics')}</p> : null}
      {keys.slice(0, MAX_CHARTS).map((key) => (
        <MetricChart
          key={key}
          uids={uids}
          labels={names}
          metricKey={key}
          logScale={settings.logScale}
          smoothing={settings.smoothing}
          tick={tick}
        />
      ))}
    </>
  );
}
