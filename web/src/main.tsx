import { signal } from '@preact/signals';
import { render } from 'preact';
import { cluster, clusters, connected, follow, jobs, loadJobs, loadStatus, status } from './api.js';
import { ClusterPage } from './cluster-page.js';
import { Failure } from './failure.js';
import { time } from './format.js';
import { lang, setLang, t } from './i18n.js';
import { JobPage } from './job-page.js';
import { QueuePage } from './queue-page.js';
import { SessionPage } from './session-page.js';
import { SessionsPage } from './sessions-page.js';
import { linkClick, route } from './router.js';
import { ComparePage } from './compare-page.js';
import { RunPage } from './run-page.js';
import { RunsPage } from './runs-page.js';
import { SitesPage } from './sites-page.js';
import { SubmitPage } from './submit-page.js';
import { AuditPage } from './audit-page.js';
import { NotificationsPage } from './notifications-page.js';

type Theme = 'auto' | 'light' | 'dark';

const theme = signal<Theme>((localStorage.getItem('slurmdeck.theme') as Theme | null) ?? 'auto');

function applyTheme(next: Theme): void {
  theme.value = next;
  localStorage.setItem('slurmdeck.theme', next);
  if (next === 'auto') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = next;
}

function Page() {
  const at = route.value;
  if (at.page === 'queue') return <QueuePage />;
  if (at.page === 'submit') return <SubmitPage key={location.search} />;
  if (at.page === 'job') return <JobPage key={at.id} id={at.id} />;
  if (at.page === 'sessions') return <SessionsPage />;
  if (at.page === 'session') return <SessionPage key={at.name} name={at.name} />;
  if (at.page === 'notifications') return <NotificationsPage />;
  if (at.page === 'audit') return <AuditPage />;
  if (at.page === 'sites') return <SitesPage />;
  if (at.page === 'runs') return <RunsPage />;
  if (at.page === 'run') return <RunPage key={at.uid} uid={at.uid} />;
  if (at.page === 'compare') return <ComparePage key={at.ids.join(',')} ids={at.ids} />;
  return <ClusterPage />;
}

function App() {
  const names = clusters.data.value?.clusters.map((c) => c.name) ?? [];
  const page = route.value.page;
  const at = page === 'queue' ? jobs.data.value?.at : status.data.value?.at;
  void lang.value; // re-render on language change
  const next: Record<Theme, Theme> = { auto: 'light', light: 'dark', dark: 'auto' };
  return (
    <>
      <header>
        <strong>slurmdeck</strong>
        <nav>
          {(
            [
              'cluster',
              'queue',
              'submit',
              'sessions',
              'runs',
              'notifications',
              'audit',
              'sites',
            ] as const
          ).map((p) => (
            <a
              key={p}
              href={`/${p}`}
              aria-current={page === p ? 'page' : undefined}
              onClick={(e) => linkClick(e, `/${p}`)}
            >
              {t(p)}
            </a>
          ))}
        </nav>
        {names.length > 1 ? (
          <select
            aria-label={t('cluster')}
            value={cluster.value}
            onChange={(e) => void select((e.target as HTMLSelectElement).value)}
          >
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        ) : (
          <span class="muted">{cluster.value}</span>
        )}
        <span class="spacer" />
        <span class="muted" aria-live="polite">
          {connected.value ? t('live') : t('offline')}
          {at ? ` · ${t('updated')} ${time(at)}` : ''}
        </span>
        <button onClick={() => applyTheme(next[theme.value])} title={t('theme')}>
          {theme.value === 'dark' ? '☾' : theme.value === 'light' ? '☀' : '◐'}
        </button>
        <button onClick={() => setLang(lang.value === 'zh' ? 'en' : 'zh')}>{t('language')}</button>
      </header>
      <main>{clusters.error.value ? <Failure error={clusters.error.value} /> : <Page />}</main>
    </>
  );
}

async function select(name: string): Promise<void> {
  cluster.value = name;
  follow(name);
  await Promise.all([loadStatus(), loadJobs()]);
}

async function start(): Promise<void> {
  applyTheme(theme.value);
  setLang(lang.value);
  render(<App />, document.getElementById('app') as HTMLElement);
  await clusters.load('/api/clusters');
  const data = clusters.data.value;
  const first = data?.defaultCluster ?? data?.clusters[0]?.name;
  if (first) await select(first);
}

void start();
