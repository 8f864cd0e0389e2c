import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { runResponse, runsResponse } from '../../src/server/tracker-schemas.js';
import { get } from './api.js';
import { Failure } from './failure.js';
import { dateTime } from './format.js';
import { t } from './i18n.js';
import { MetricChart } from './metric-chart.js';
import { jobPath, linkClick } from './router.js';

type Runs = z.infer<typeof runsResponse>;
type RunAnswer = z.infer<typeof runResponse>;
type Run = Runs['runs'][number];

export const runPath = (uid: string) => `/runs/${encodeURIComponent(uid)}`;

/** What the run says of itself, and how its job really ended when the watcher knows. */
function statusText(run: Run): string {
  return run.jobOutcome && run.jobOutcome !== 'COMPLETED'
    ? `${run.status} · ${run.jobOutcome}`
    : run.status;
}

/** Experiment runs tied to their jobs, newest first, filtered by project. */
export function RunsPage() {
  const [runs, setRuns] = useState<Runs>();
  const [error, setError] = useState<Error>();
  const [project, setProject] = useState('');
  useEffect(() => {
    const query = project ? `?project=${encodeURIComponent(project)}` : '';
    get<Runs>(`/api/tracker/runs${query}`).then(setRuns, setError);
  }, [project]);
  if (error) return <Failure error={error} />;
  if (!runs) return <p class="muted">{t('loading')}</p>;
  return (
    <>
      <h1>{t('runs')}</h1>
      <div class="toolbar">
        <input
          aria-label={t('project')}
          placeholder={t('project')}
          value={project}
          onChange={(e) => setProject((e.target as HTMLInputElement).value)}
        />
      </div>
      {runs.runs.length === 0 ? (
        <p class="muted">{t('noRuns')}</p>
      ) : (
        <table data-testid="runs">
          <thead>
            <tr>
              <th>{t('name')}</th>
              <th>{t('project')}</th>
              <th>{t('state')}</th>
              <th>{t('job')}</th>
              <th>{t('attempts')}</th>
              <th>{t('started')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.runs.map((run) => (
              <tr key={run.uid}>
                <td>
                  <a href={runPath(run.uid)} onClick={(e) => linkClick(e, runPath(run.uid))}>
                    {run.name}
                  </a>
                </td>
                <td>{run.project}</td>
                <td>{statusText(run)}</td>
                <td>{run.jobId ? `${run.cluster ?? ''} ${run.jobId}` : '-'}</td>
                <td>{run.attempts}</td>
                <td>{run.startedAt ? dateTime(run.startedAt) : '-'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** One run: params, how it ended, and a chart per metric. */
export function RunPage({ uid }: { uid: string }) {
  const [answer, setAnswer] = useState<RunAnswer>();
  const [error, setError] = useState<Error>();
  const [logScale, setLogScale] = useState(false);
  useEffect(() => {
    get<RunAnswer>(`/api/tracker/runs/${encodeURIComponent(uid)}`).then(setAnswer, setError);
  }, [uid]);
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
      </p>
      <details>
        <summary>{t('params')}</summary>
        <pre>{JSON.stringify(run.config, null, 2)}</pre>
      </details>
      <label>
        <input type="checkbox" checked={logScale} onChange={() => setLogScale(!logScale)} />{' '}
        {t('logScale')}
      </label>
      {keys.length === 0 ? <p class="muted">{t('noMetrics')}</p> : null}
      {keys.slice(0, 24).map((key) => (
        <MetricChart key={`${key}-${logScale}`} uid={uid} metricKey={key} logScale={logScale} />
      ))}
    </>
  );
}
