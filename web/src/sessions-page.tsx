import { useEffect, useState } from 'preact/hooks';
import { cluster, clusterPath, get } from './api.js';
import { Failure } from './failure.js';
import { t } from './i18n.js';
import { linkClick } from './router.js';
import { sessionPath, type SessionsResponse } from './session-types.js';

// Each listing is one exec on the login host and one squeue: not more often than this.
const EVERY_MS = 15_000;

/** The sessions of the shown cluster, with phase and node; orphans by their tmux name. */
export function SessionsPage() {
  const [data, setData] = useState<SessionsResponse>();
  const [error, setError] = useState<Error>();
  const [version, setVersion] = useState(0);
  const name = cluster.value;

  useEffect(() => {
    if (!name) return;
    let current = true;
    get<SessionsResponse>(`${clusterPath()}/sessions`).then(
      (answer) => current && (setData(answer), setError(undefined)),
      (e: Error) => current && setError(e),
    );
    const timer = setTimeout(() => setVersion((v) => v + 1), EVERY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name, version]);

  return (
    <>
      <div class="toolbar">
        <h1>{t('sessions')}</h1>
        <span class="spacer" />
        <button onClick={() => setVersion((v) => v + 1)}>{t('refresh')}</button>
      </div>
      {error && !data ? (
        <Failure error={error} />
      ) : !data ? (
        <p class="muted">{t('loading')}</p>
      ) : data.sessions.length === 0 ? (
        <p class="muted">{t('noSessions')}</p>
      ) : (
        <table data-testid="sessions">
          <thead>
            <tr>
              <th>{t('name')}</th>
              <th>{t('phase')}</th>
              <th>{t('nodes')}</th>
              <th class="num">{t('job')}</th>
              <th>{t('reason')}</th>
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((s) => (
              <tr key={s.name} data-session={s.name}>
                <td>
                  {s.phase === 'orphaned' ? (
                    s.name
                  ) : (
                    <a
                      href={sessionPath(s.name)}
                      onClick={(e) => linkClick(e, sessionPath(s.name))}
                    >
                      {s.name}
                    </a>
                  )}
                </td>
                <td>
                  <span class="pill" data-phase={s.phase}>
                    {s.phase}
                  </span>
                  {s.attached ? <span class="muted"> · {t('attached')}</span> : null}
                </td>
                <td>{s.node ?? t('none')}</td>
                <td class="num">{s.jobId ?? t('none')}</td>
                <td>{s.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
