import { useEffect, useState } from 'preact/hooks';
import { HttpError, cluster, clusterPath, get } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { useConfirmedAction } from './confirmed-action.js';
import { Failure } from './failure.js';
import { duration } from './format.js';
import { t } from './i18n.js';
import { SessionCommand } from './session-command.js';
import { SessionOutputView } from './session-output.js';
import { SessionTerminal } from './session-terminal.js';
import { LIVE, type SessionStatus, type SessionStopResponse } from './session-types.js';

// Each status is one exec on the login host (with squeue while not yet ready).
const EVERY_MS = 10_000;

function Detail({ label, value }: { label: string; value: string | number | undefined }) {
  if (value === undefined || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

const when = (unixSeconds: number) => new Date(unixSeconds * 1000).toLocaleString();

/** One session: phase and timeline, output, a command box, the live terminal, and stop. */
export function SessionPage({ name }: { name: string }) {
  const [status, setStatus] = useState<SessionStatus>();
  const [error, setError] = useState<Error>();
  const [version, setVersion] = useState(0);
  const shown = cluster.value;
  const base = `${clusterPath()}/sessions/${encodeURIComponent(name)}`;

  useEffect(() => {
    if (!shown) return;
    let current = true;
    get<SessionStatus>(base).then(
      (answer) => current && (setStatus(answer), setError(undefined)),
      (e: Error) => current && setError(e),
    );
    const timer = setTimeout(() => setVersion((v) => v + 1), EVERY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [base, version]);

  const stop = useConfirmedAction<SessionStopResponse>(`${base}/stop`, () =>
    setVersion((v) => v + 1),
  );

  if (error && !status) {
    if (error instanceof HttpError && error.status === 404) {
      return <p class="notice">{t('sessionNotFound')}</p>;
    }
    return <Failure error={error} />;
  }
  if (!status || !shown) return <p class="muted">{t('loading')}</p>;
  const live = LIVE.has(status.phase);
  return (
    <>
      <div class="toolbar">
        <h1>
          {t('session')} {status.name}
        </h1>
        <span class="pill big" data-testid="session-phase">
          {status.phase}
        </span>
        <span class="spacer" />
        {live ? (
          <button class="danger" disabled={stop.busy} onClick={() => void stop.ask()}>
            {t('stopSession')}
          </button>
        ) : null}
      </div>
      {stop.error && !stop.asking ? (
        <p class="error" role="alert">
          {stop.error}
        </p>
      ) : null}
      {status.reason ? <p class="notice">{status.reason}</p> : null}
      <dl class="details">
        <Detail label={t('job')} value={status.jobId} />
        <Detail label={t('nodes')} value={status.node} />
        <Detail label={t('attempt')} value={status.attempt} />
        <Detail label={t('expectedStart')} value={status.expectedStart} />
        <Detail label={t('attached')} value={status.attached ? t('yes') : undefined} />
        <Detail
          label={t('badNodes')}
          value={status.badNodes.map((b) => `${b.node} (${b.reason})`).join(', ')}
        />
      </dl>
      <h2>{t('timeline')}</h2>
      <ol class="timeline" data-testid="session-timeline">
        {status.timeline.map((step, i) => (
          <li key={i} data-phase={step.phase}>
            <b>{step.phase}</b> <span class="muted">{when(step.at)}</span>
            {` · ${duration(step.seconds)}`}
            {step.attempt > 1 ? ` · #${step.attempt}` : ''}
            {step.detail ? ` · ${step.detail}` : ''}
          </li>
        ))}
      </ol>
      {status.phase === 'ready' ? (
        <>
          <h2>{t('terminal')}</h2>
          <SessionTerminal cluster={shown} name={status.name} />
          <h2>{t('commandBox')}</h2>
          <SessionCommand name={status.name} />
        </>
      ) : null}
      <h2>{t('output')}</h2>
      <SessionOutputView name={status.name} live={live} />
      {stop.asking ? (
        <ConfirmDialog
          title={t('confirmStop')}
          summary={stop.asking.summary}
          confirmLabel={t('stopSession')}
          busy={stop.busy}
          error={stop.error}
          onConfirm={() => void stop.confirm()}
          onClose={stop.dismiss}
        />
      ) : null}
    </>
  );
}
