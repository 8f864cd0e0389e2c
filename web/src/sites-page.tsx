import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type {
  copiesResponse,
  copyStartResponse,
  credentialsResponse,
  siteRouteResponse,
  sitesResponse,
} from '../../src/server/site-schemas.js';
import { get } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { useConfirmedAction } from './confirmed-action.js';
import { Failure, errorText } from './failure.js';
import { t } from './i18n.js';

type Sites = z.infer<typeof sitesResponse>;
type Route = z.infer<typeof siteRouteResponse>;
type Copies = z.infer<typeof copiesResponse>;
type Credentials = z.infer<typeof credentialsResponse>;
type CopyStart = z.infer<typeof copyStartResponse>;

/** Copies report from the data node; every few seconds is one command there for all of them. */
const COPIES_REFRESH_MS = 5000;

/** Where a partition or path goes at a site: the host and every reason for it. */
function RouteBox({ sites }: { sites: Sites['sites'] }) {
  const [site, setSite] = useState(sites.find((s) => s.configured)?.name ?? sites[0]?.name ?? '');
  const [what, setWhat] = useState('');
  const [answer, setAnswer] = useState<Route | string>();
  const ask = async (e: Event) => {
    e.preventDefault();
    const key = what.startsWith('/') ? 'path' : 'partition';
    try {
      setAnswer(
        await get<Route>(
          `/api/sites/${encodeURIComponent(site)}/route?${key}=${encodeURIComponent(what)}`,
        ),
      );
    } catch (error) {
      setAnswer(errorText(error as Error));
    }
  };
  return (
    <form onSubmit={ask}>
      <div class="toolbar">
        <select
          aria-label={t('site')}
          value={site}
          onChange={(e) => setSite((e.target as HTMLSelectElement).value)}
        >
          {sites.map((s) => (
            <option key={s.name}>{s.name}</option>
          ))}
        </select>
        <input
          aria-label={t('routeWhat')}
          placeholder={t('routeWhat')}
          value={what}
          onInput={(e) => setWhat((e.target as HTMLInputElement).value)}
        />
        <button type="submit">{t('route')}</button>
      </div>
      {answer === undefined ? null : typeof answer === 'string' ? (
        <p class="error" role="alert">
          {answer}
        </p>
      ) : (
        <div role="status" data-testid="route-answer">
          <strong>{answer.host}</strong>
          <ul>
            {answer.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

/**
 * Starts a copy on the data node the paths route to (or the default cluster's login host), after
 * the server's own summary was confirmed. A target without "/" with a site names a pool.
 */
function CopyForm({ sites, started }: { sites: Sites['sites']; started: () => void }) {
  const [site, setSite] = useState(sites.find((s) => s.configured)?.name ?? '');
  const [source, setSource] = useState('');
  const [target, setTarget] = useState('');
  const [streams, setStreams] = useState(1);
  const [startedId, setStartedId] = useState<string>();
  const start = useConfirmedAction<CopyStart>('/api/data/copies', (answer) => {
    setStartedId(answer.id);
    started();
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void start.ask({
          source,
          ...(site ? { site } : {}),
          ...(site && !target.includes('/') ? { to: target } : { target }),
          ...(streams > 1 ? { parallel: streams } : {}),
        });
      }}
    >
      <div class="toolbar">
        <select
          aria-label={t('site')}
          value={site}
          onChange={(e) => setSite((e.target as HTMLSelectElement).value)}
        >
          <option value="">{t('copyNoSite')}</option>
          {sites
            .filter((s) => s.configured)
            .map((s) => (
              <option key={s.name}>{s.name}</option>
            ))}
        </select>
        <input
          aria-label={t('copySource')}
          placeholder={t('copySource')}
          required
          value={source}
          onInput={(e) => setSource((e.target as HTMLInputElement).value)}
        />
        <input
          aria-label={t('copyTarget')}
          placeholder={t('copyTarget')}
          required
          value={target}
          onInput={(e) => setTarget((e.target as HTMLInputElement).value)}
        />
        <input
          type="number"
          min={1}
          max={32}
          aria-label={t('copyStreams')}
          title={t('copyStreams')}
          value={streams}
          onInput={(e) => setStreams(Number((e.target as HTMLInputElement).value) || 1)}
        />
        <button type="submit" disabled={start.busy}>
          {t('copyStart')}
        </button>
      </div>
      {start.error && !start.asking ? (
        <p class="error" role="alert">
          {start.error}
        </p>
      ) : null}
      {startedId ? (
        <p role="status">
          {t('copyStarted')}: {startedId}
        </p>
      ) : null}
      {start.asking ? (
        <ConfirmDialog
          title={t('copyConfirm')}
          summary={start.asking.summary}
          confirmLabel={t('copyConfirm')}
          busy={start.busy}
          error={start.error}
          onConfirm={() => void start.confirm()}
          onClose={start.dismiss}
        />
      ) : null}
    </form>
  );
}

function CopiesTable({ copies }: { copies: Copies['copies'] }) {
  if (copies.length === 0) return <p class="muted">{t('noCopies')}</p>;
  return (
    <table data-testid="copies">
      <thead>
        <tr>
          <th>ID</th>
          <th>{t('state')}</th>
          <th>{t('progress')}</th>
          <th>{t('fromTo')}</th>
        </tr>
      </thead>
      <tbody>
        {copies.map((c) => (
          <tr key={c.id}>
            <td>{c.id}</td>
            <td title={c.hint}>
              {c.phase}
              {c.meaning ? <span class="muted"> · {c.meaning}</span> : null}
            </td>
            <td>
              {c.percent === undefined ? (
                '-'
              ) : (
                <progress max={100} value={c.percent} aria-label={`${c.percent}%`} />
              )}{' '}
              {c.rate ?? ''} {c.phase === 'running' && c.eta ? `· ${c.eta}` : ''}
            </td>
            <td>
              {c.source} → {c.target}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Sites (groups, entry nodes, pools), a route explorer, data copies and credentials' expiry. */
export function SitesPage() {
  const [sites, setSites] = useState<Sites>();
  const [copies, setCopies] = useState<Copies>();
  const [credentials, setCredentials] = useState<Credentials>();
  const [error, setError] = useState<Error>();
  const loadCopies = () => get<Copies>('/api/data/copies').then(setCopies, () => undefined);
  useEffect(() => {
    get<Sites>('/api/sites').then(setSites, setError);
    get<Credentials>('/api/credentials').then(setCredentials, () => undefined);
    void loadCopies();
    const timer = setInterval(() => void loadCopies(), COPIES_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  if (error) return <Failure error={error} />;
  if (!sites) return <p class="muted">{t('loading')}</p>;
  return (
    <>
      <h1>{t('sites')}</h1>
      <RouteBox sites={sites.sites} />
      {sites.sites.map((s) => (
        <section key={s.name}>
          <h2>
            {s.name} {s.title ? <span class="muted">{s.title}</span> : null}
          </h2>
          <table>
            <thead>
              <tr>
                <th>{t('group')}</th>
                <th>{t('partitions')}</th>
                <th>{t('jobHost')}</th>
                <th>{t('dataHost')}</th>
              </tr>
            </thead>
            <tbody>
              {s.groups.map((g) => (
                <tr key={g.name}>
                  <td>{g.name}</td>
                  <td>{g.partitions.join(', ')}</td>
                  <td>{g.jobHost}</td>
                  <td>{g.dataHost ?? g.jobHost}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">{s.pools.map((p) => `${p.mount} (${p.tier})`).join(' · ')}</p>
        </section>
      ))}
      <h2>{t('copies')}</h2>
      <CopyForm sites={sites.sites} started={() => void loadCopies()} />
      {copies ? <CopiesTable copies={copies.copies} /> : <p class="muted">{t('loading')}</p>}
      <h2>{t('credentials')}</h2>
      {!credentials || credentials.credentials.length === 0 ? (
        <p class="muted">{t('noCredentials')}</p>
      ) : (
        <table data-testid="credentials">
          <tbody>
            {credentials.credentials.map((c, i) => (
              <tr key={i}>
                <td>{c.site}</td>
                <td>{c.kind}</td>
                <td>{c.owner ?? ''}</td>
                <td>{c.expires ?? '-'}</td>
                <td class={c.status === 'ok' ? '' : 'error'}>{c.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
