import { useEffect, useState } from 'preact/hooks';
import { get } from './api.js';
import { ChartControls, type ChartSettings } from './chart-controls.js';
import { Failure } from './failure.js';
import { t } from './i18n.js';
import { MetricChart, preloadCharts } from './metric-chart.js';
import { jobPath, linkClick } from './router.js';
import { RunFilesTable } from './run-files.js';
import { useRunUpdates } from './run-live.js';
import { csvPath, statusText, type RunAnswer } from './tracker-api.js';

// More charts than this on one page would each fetch at once; the CSV has every metric.
const MAX_CHARTS = 24;

/** One run: params, how it ended, a chart per metric (live while it runs), its CSV. */
export function RunPage({ uid }: { uid: string }) {
  const [answer, setAnswer] = useState<RunAnswer>();
  const [error, setError] = useState<Error>();
  const [settings, setSettings] = useState<ChartSettings>({ logScale: false, smoothing: 0 });
  const running = answer?.run.status === 'running';
  const tick = useRunUpdates([uid], running);
  useEffect(preloadCharts, []);
  useEffect(() => {
    get<RunAnswer>(`/api/tracker/runs/${encodeURIComponent(uid)}`).then(setAnswer, setError);
  }, [uid, tick]);
  if (error) return <Failure error={error} />;
  if (!answer) return <p class="muted">{t('loading')}</p>;
  const { run, keys } = answer;
  return (
    <>
      <h1>
        {run.name} <span class="muted">{run.project}</span>
      </h1>
      <p data-testid="run-status">
        {statusText(run)}
        {run.exitCode !== undefined ? ` · exit ${run.exitCode}` : ''}
        {run.jobId ? (
          <>
            {' · '}
            <a
              href={jobPath(run.jobId)}
              onClick={(e) => linkClick(e, jobPath(run.jobId as string))}
            >
              {t('job')} {run.jobId}
            </a>
          </>
        ) : null}
        {run.gitCommit ? ` · git ${run.gitCommit.slice(0, 10)}${run.gitDirty ? '+' : ''}` : ''}
        {run.tags.length ? ` · ${run.tags.join(', ')}` : ''}
      </p>
      <details>
        <summary>{t('params')}</summary>
        <pre>{JSON.stringify(run.config, null, 2)}</pre>
      </details>
      <div class="toolbar">
        <ChartControls settings={settings} onChange={setSettings} />
        <span class="spacer" />
        {running ? <span class="muted">{t('liveUpdates')}</span> : null}
        <a href={csvPath(uid)} download data-testid="csv-all">
          {t('exportCsv')}
        </a>
      </div>
      {keys.length === 0 ? <p class="muted">{t('noMetrics')}</p> : null}
      {keys.slice(0, MAX_CHARTS).map((key) => (
        <MetricChart
          key={key}
          uids={[uid]}
          labels={[run.name]}
          metricKey={key}
          logScale={settings.logScale}
          smoothing={settings.smoothing}
          tick={tick}
          csv={csvPath(uid, key)}
        />
      ))}
      <RunFilesTable uid={uid} />
    </>
  );
}
