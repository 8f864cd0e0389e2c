import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type {
  copiesResponse,
  credentialsResponse,
  siteRouteResponse,
  sitesResponse,
} from '../../src/server/site-schemas.js';
import { get } from './api.js';
import { Failure, errorText } from './failure.js';
import { t } from './i18n.js';

type Sites = z.infer<typeof sitesResponse>;
type Route = z.infer<typeof siteRouteResponse>;
type Copies = z.infer<typeof copiesResponse>;
type Credentials = z.infer<typeof credentialsResponse>;

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
  useEffect(() => {
    get<Sites>('/api/sites').then(setSites, setError);
    get<Credentials>('/api/credentials').then(setCredentials, () => undefined);
    const loadCopies = () => get<Copies>('/api/data/copies').then(setCopies, () => undefined);
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
