import { useEffect, useState } from 'preact/hooks';
import { get } from './api.js';
import { errorText, Failure } from './failure.js';
import { dateTime } from './format.js';
import { t } from './i18n.js';
import { linkClick, navigate } from './router.js';
import { RunsTableBody, type Column } from './runs-table.js';
import { comparePath, runPath, type Runs } from './tracker-api.js';

const PAGE = 100;

interface Query {
  project: string;
  status: string;
  filter: string;
  metrics: string;
  params: string;
  group: string;
  sort: string;
  offset: number;
}

const list = (text: string, separator: string) =>
  text
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);

/** The API query of the table: everything is filtered, sorted and paged by the server. */
function runsUrl(q: Query): string {
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (q.project) params.set('project', q.project);
  if (q.status) params.set('status', q.status);
  for (const expr of list(q.filter, ';')) params.append('filter', expr);
  if (q.sort) params.set('sort', q.sort);
  if (q.group) params.set('group', q.group);
  const metrics = list(q.metrics, ',');
  if (metrics.length) params.set('metrics', metrics.join(','));
  if (q.offset) params.set('offset', String(q.offset));
  return `/api/tracker/runs?${params.toString()}`;
}

const nested = (config: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((at, part) => {
    if (at === null || typeof at !== 'object') return undefined;
    return (at as Record<string, unknown>)[part];
  }, config);

const shown = (value: unknown) =>
  value === undefined || value === null
    ? '–'
    : typeof value === 'string'
      ? value
      : typeof value === 'number'
        ? String(Number(value.toPrecision(6)))
        : JSON.stringify(value);

/** Experiment runs tied to their jobs: filtered, sorted and grouped by the server, picked to compare. */
export function RunsPage() {
  const [q, setQ] = useState<Query>({
    project: '',
    status: '',
    filter: '',
    metrics: '',
    params: '',
    group: '',
    sort: '',
    offset: 0,
  });
  const [runs, setRuns] = useState<Runs>();
  const [error, setError] = useState<Error>();
  const [picked, setPicked] = useState<string[]>([]);
  const url = runsUrl(q);
  useEffect(() => {
    // A slow earlier answer (a first sort by a metric) must not replace a newer one.
    let current = true;
    get<Runs>(url).then(
      (answer) => {
        if (!current) return;
        setRuns(answer);
        setError(undefined);
      },
      (e: Error) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [url]);
  const change = (part: Partial<Query>) => setQ({ ...q, offset: 0, ...part });
  const text = (key: keyof Query, label: string, hint: string, wide = false) => (
    <input
      aria-label={label}
      placeholder={hint}
      title={label}
      size={wide ? 50 : undefined}
      value={q[key]}
      onChange={(e) => change({ [key]: (e.target as HTMLInputElement).value })}
    />
  );
  const sortBy = (field: string) =>
    change({ sort: q.sort === field ? `-${field}` : q.sort === `-${field}` ? '' : field });
  const summaryCell = (key: string, figure: 'last' | 'min' | 'max') => ({
    head: `${key} ${figure}`,
    sort: `metrics.${key}.${figure}`,
    cell: (run: Runs['runs'][number]) => shown(runs?.summaries?.[run.uid]?.[key]?.[figure]),
    num: true,
  });
  const columns: Column[] = [
    {
      head: t('name'),
      sort: 'name',
      cell: (run) => (
        <a href={runPath(run.uid)} onClick={(e) => linkClick(e, runPath(run.uid))}>
          {run.name}
        </a>
      ),
    },
    { head: t('project'), sort: 'project', cell: (run) => run.project },
    {
      head: t('state'),
      sort: 'state',
      cell: (run) =>
        run.jobOutcome && run.jobOutcome !== 'COMPLETED'
          ? `${run.status} · ${run.jobOutcome}`
          : run.status,
    },
    {
      head: t('job'),
      sort: 'job',
      cell: (run) => (run.jobId ? `${run.cluster ?? ''} ${run.jobId}` : '-'),
    },
    { head: t('tags'), sort: 'tag', cell: (run) => run.tags.join(', ') },
    ...list(q.params, ',').map((path) => ({
      head: path,
      sort: `params.${path}`,
      cell: (run: Runs['runs'][number]) => shown(nested(run.config, path)),
      num: true,
    })),
    ...list(q.metrics, ',').flatMap((key) =>
      (['last', 'min', 'max'] as const).map((figure) => summaryCell(key, figure)),
    ),
    { head: t('attempts'), cell: (run) => String(run.attempts), num: true },
    {
      head: t('started'),
      sort: 'started',
      cell: (run) => (run.startedAt ? dateTime(run.startedAt) : '-'),
    },
  ];
  const total = runs?.total ?? runs?.runs.length ?? 0;
  return (
    <>
      <h1>{t('runs')}</h1>
      <div class="toolbar">
        {text('project', t('project'), t('project'))}
        <select
          aria-label={t('state')}
          value={q.status}
          onChange={(e) => change({ status: (e.target as HTMLSelectElement).value })}
        >
          <option value="">{t('anyStatus')}</option>
          {['running', 'finished', 'failed'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        {text('filter', t('runFilter'), t('runFilterHint'), true)}
      </div>
      <div class="toolbar">
        {text('params', t('paramColumns'), t('paramColumnsHint'))}
        {text('metrics', t('metricColumns'), t('metricColumnsHint'))}
        <select
          aria-label={t('group')}
          value={q.group}
          onChange={(e) => change({ group: (e.target as HTMLSelectElement).value })}
        >
          <option value="">{t('noGroups')}</option>
          <option value="experiment">{t('byExperiment')}</option>
          <option value="array">{t('byArray')}</option>
        </select>
        <span class="spacer" />
        <button
          class="primary"
          disabled={picked.length < 1}
          onClick={() => navigate(comparePath(picked))}
          data-testid="compare-selected"
        >
          {t('compareSelected')} ({picked.length})
        </button>
      </div>
      {error ? (
        <p class="notice" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      {!runs ? (
        error ? (
          <Failure error={error} />
        ) : (
          <p class="muted">{t('loading')}</p>
        )
      ) : runs.runs.length === 0 ? (
        <p class="muted">{t('noRuns')}</p>
      ) : (
        <>
          <div class="scroll-x">
            <table data-testid="runs">
              <thead>
                <tr>
                  <th />
                  {columns.map((col) => (
                    <th
                      key={col.head}
                      class={col.sort ? 'sortable' : undefined}
                      title={col.sort ? t('sortBy') : undefined}
                      onClick={col.sort ? () => sortBy(col.sort as string) : undefined}
                    >
                      {col.head}
                      {q.sort === col.sort ? ' ▲' : q.sort === `-${col.sort}` ? ' ▼' : ''}
                    </th>
                  ))}
                </tr>
              </thead>
              <RunsTableBody
                runs={runs.runs}
                columns={columns}
                group={q.group}
                picked={picked}
                onPick={setPicked}
              />
            </table>
          </div>
          <div class="toolbar">
            <span class="muted">
              {q.offset + 1}–{q.offset + runs.runs.length} {t('shownOf')} {total}
            </span>
            <button
              disabled={q.offset === 0}
              onClick={() => setQ({ ...q, offset: Math.max(0, q.offset - PAGE) })}
            >
              {t('previous')}
            </button>
            <button
              disabled={q.offset + runs.runs.length >= total}
              onClick={() => setQ({ ...q, offset: q.offset + PAGE })}
            >
              {t('next')}
            </button>
          </div>
        </>
      )}
    </>
  );
}
