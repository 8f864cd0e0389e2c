import { useEffect, useState } from 'preact/hooks';
import type { JobEventView } from '../../src/server/schemas.js';
import { HttpError, cluster, clusterPath, get, jobEvents, jobsChanged } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { useConfirmedAction } from './confirmed-action.js';
import { Failure } from './failure.js';
import { dateTime, duration, isFinishedState } from './format.js';
import { plainReason, t, type Key } from './i18n.js';
import { LogTail } from './log-tail.js';
import { navigate } from './router.js';
import type { CancelResponse, JobDetail, JobReport, JobResponse } from './types.js';

const REPORT_RETRY_MS = 5000;
const REPORT_RETRIES = 12;

interface Step {
  kind: Key;
  at: string | undefined;
  note?: string | undefined;
}

/** Submitted, then what the event stream reported; the detail's own times fill in the rest. */
function timeline(job: JobDetail, events: JobEventView[]): Step[] {
  const steps: Step[] = [{ kind: 'submitted', at: job.submitTime }];
  for (const e of events) {
    const note = e.kind === 'started' ? e.node : e.kind === 'requeued' ? e.reason : e.outcome;
    steps.push({ kind: e.kind, at: e.at, note });
  }
  const seen = (kind: Key) => steps.some((s) => s.kind === kind);
  if (job.startTime && job.state !== 'PENDING' && !seen('started')) {
    steps.push({ kind: 'started', at: job.startTime, note: job.nodeList });
  }
  if (isFinishedState(job.state) && !seen('finished')) {
    steps.push({ kind: 'finished', at: job.endTime, note: job.state });
  }
  return steps;
}

function Detail({ label, value }: { label: string; value: string | number | undefined }) {
  if (value === undefined || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

const percent = (fraction: number | undefined) =>
  fraction === undefined ? undefined : `${Math.round(fraction * 1000) / 10}%`;
const gib = (bytes: number | undefined) =>
  bytes === undefined ? undefined : `${(bytes / 2 ** 30).toFixed(2)} GiB`;

function EndReport(props: { job: JobDetail; end: JobEventView | undefined; report?: JobReport }) {
  const { job, end, report } = props;
  const exitCode = report?.exitCode ?? end?.exitCode ?? job.exitCode;
  const peak = gib(report?.maxRssBytes);
  const asked = gib(report?.requestedMemoryBytes);
  return (
    <section data-testid="end-report">
      <h2>{t('endReport')}</h2>
      <dl class="details">
        <Detail label={t('outcome')} value={report?.outcome ?? end?.outcome ?? job.state} />
        <Detail label={t('exitCode')} value={exitCode} />
        <Detail label={t('signal')} value={report?.signal ?? job.signal} />
        <Detail
          label={t('elapsed')}
          value={duration(report?.elapsedSeconds ?? job.elapsedSeconds)}
        />
        <Detail label={t('cpuEfficiency')} value={percent(report?.cpuEfficiency)} />
        <Detail label={t('memoryEfficiency')} value={percent(report?.memoryEfficiency)} />
        <Detail label={t('peakMemory')} value={peak && asked ? `${peak} / ${asked}` : peak} />
        <Detail label={t('hint')} value={report?.hint ?? end?.hint} />
      </dl>
    </section>
  );
}

/** One job: state and details, a timeline, the end report, cancel, and its log as it grows. */
export function JobPage({ id }: { id: string }) {
  const [data, setData] = useState<JobResponse>();
  const [error, setError] = useState<Error>();
  const name = cluster.value;
  const events = jobEvents.value.filter((e) => e.cluster === name && e.jobId === id);
  // A job event or a changed job view means this job may have changed: read it again.
  const [retries, setRetries] = useState(0);
  const version = `${name}:${jobsChanged.value}:${events.length}:${retries}`;
  const base = `${clusterPath()}/jobs/${encodeURIComponent(id)}`;

  useEffect(() => {
    if (!name) return;
    let current = true;
    get<JobResponse>(base).then(
      (answer) => current && (setData(answer), setError(undefined)),
      (e: Error) => current && setError(e),
    );
    return () => void (current = false);
  }, [base, version]);

  // Accounting records a job's end a moment after the queue does: ask again for its report.
  const awaitingReport = data !== undefined && isFinishedState(data.job.state) && !data.report;
  useEffect(() => {
    if (!awaitingReport || retries >= REPORT_RETRIES) return;
    const timer = setTimeout(() => setRetries((n) => n + 1), REPORT_RETRY_MS);
    return () => clearTimeout(timer);
  }, [awaitingReport, retries]);

  const cancel = useConfirmedAction<CancelResponse>(`${base}/cancel`, async () =>
    setData(await get<JobResponse>(base)),
  );

  if (error && !data) {
    if (error instanceof HttpError && error.status === 404) {
      return <p class="notice">{t('jobNotFound')}</p>;
    }
    return <Failure error={error} />;
  }
  if (!data) return <p class="muted">{t('loading')}</p>;
  const job = data.job;
  const finished = isFinishedState(job.state);
  const end = events.filter((e) => e.kind === 'finished').at(-1);
  return (
    <>
      <div class="toolbar">
        <h1>
          {t('job')} {job.id} <span class="muted">{job.name}</span>
        </h1>
        <span class="pill big" data-testid="job-state">
          {job.state}
        </span>
        <span class="spacer" />
        <button onClick={() => navigate(`/submit?from=${encodeURIComponent(job.id)}`)}>
          {t('resubmit')}
        </button>
        {finished ? null : (
          <button class="danger" disabled={cancel.busy} onClick={() => void cancel.ask()}>
            {t('cancelJob')}
          </button>
        )}
      </div>
      {cancel.error && !cancel.asking ? (
        <p class="error" role="alert">
          {cancel.error}
        </p>
      ) : null}
      {job.state === 'PENDING' ? <p class="notice">{plainReason(job)}</p> : null}
      <dl class="details">
        <Detail label={t('user')} value={job.user} />
        <Detail label={t('partition')} value={job.partition} />
        <Detail label={t('nodes')} value={job.nodeList} />
        <Detail label={t('cpus')} value={job.cpus} />
        <Detail label={t('gpus')} value={job.gpus} />
        <Detail label={t('memory')} value={job.minMemory} />
        <Detail label={t('time')} value={duration(job.elapsedSeconds)} />
        <Detail label={t('limit')} value={duration(job.timeLimitSeconds)} />
        <Detail label={t('workDir')} value={job.workDir} />
        <Detail label={t('command')} value={job.command} />
      </dl>
      <h2>{t('timeline')}</h2>
      <ol class="timeline" data-testid="timeline">
        {timeline(job, events).map((step, i) => (
          <li key={i} data-kind={step.kind}>
            <b>{t(step.kind)}</b> <span class="muted">{dateTime(step.at)}</span>
            {step.note ? ` · ${step.note}` : ''}
          </li>
        ))}
      </ol>
      {finished ? <EndReport job={job} end={end} report={data.report} /> : null}
      <h2>{t('log')}</h2>
      {/* A pending job has no log yet; a file of that name would be an older job's. */}
      {job.state === 'PENDING' ? (
        <p class="muted">{t('logWaiting')}</p>
      ) : (
        <LogTail jobId={job.id} finished={finished} />
      )}
      {cancel.asking ? (
        <ConfirmDialog
          title={t('confirmCancel')}
          summary={cancel.asking.summary}
          confirmLabel={t('cancelJob')}
          busy={cancel.busy}
          error={cancel.error}
          onConfirm={() => void cancel.confirm()}
          onClose={cancel.dismiss}
        />
      ) : null}
    </>
  );
}
