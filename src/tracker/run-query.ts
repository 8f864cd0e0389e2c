import type { MetricSummary } from './metric-summary.js';
import { flattenParams } from './run-compare.js';
import { metricKeysOf, type Condition, type RunField, type SortKey } from './run-query-parse.js';
import type { TrackerStore } from './store.js';
import { metricSummaries } from './summary-cache.js';
import type { Run, RunFilter } from './types.js';

/** How many runs one query looks through at most (newest first). */
export const MAX_SCANNED = 100_000;

export type RunGroup = 'experiment' | 'array';

export interface RunQuery {
  /** What the store selects itself (project, status, tag, cluster, job). */
  filter?: Omit<RunFilter, 'limit'>;
  where?: readonly Condition[];
  sort?: SortKey | undefined;
  /** Rows of a group next to each other, groups in the order of their first row. */
  group?: RunGroup | undefined;
  /** Metrics whose last/min/max come back with each run of the page. */
  metrics?: readonly string[];
  limit?: number;
  offset?: number;
}

export interface RunQueryResult {
  runs: Run[];
  /** Runs that pass the filters (before limit and offset). */
  total: number;
  /** For each run of the page: each asked metric's summary, or null where it has none. */
  summaries: Record<string, Record<string, MetricSummary | null>>;
}

type Summaries = Map<string, Map<string, MetricSummary | undefined>>;

/** The array job of a run in an array (`123_4` -> `123`), else its own job id. */
export const arrayJobOf = (run: Run) =>
  run.arrayTask === undefined ? run.jobId : run.jobId?.replace(/_\d+$/, '');

export const groupOf = (run: Run, group: RunGroup) =>
  group === 'experiment'
    ? run.project
    : run.arrayTask === undefined
      ? `run ${run.uid}`
      : `${run.cluster ?? ''}/${arrayJobOf(run) ?? ''}`;

function valueOf(
  run: Run,
  field: RunField,
  params: () => Record<string, unknown>,
  sums: Summaries,
) {
  if (field.kind === 'param') return params()[field.path];
  if (field.kind === 'metric') return sums.get(field.key)?.get(run.uid)?.[field.figure];
  switch (field.name) {
    case 'status':
      return run.status;
    case 'state':
      return run.jobOutcome;
    case 'tag':
      return run.tags;
    case 'project':
      return run.project;
    case 'name':
      return run.name;
    case 'job':
      return run.jobId;
    case 'cluster':
      return run.cluster;
    case 'array':
      return run.arrayTask === undefined ? undefined : arrayJobOf(run);
    case 'started':
      return run.startedAt;
    case 'uid':
      return run.uid;
  }
}

const asNumber = (text: string, field: RunField) => {
  if (field.kind === 'run' && field.name === 'started' && !/^-?[\d.]+$/.test(text)) {
    return Date.parse(text);
  }
  return text.trim() === '' ? NaN : Number(text);
};

/** -1, 0, 1; numbers as numbers, anything else as its text. */
function order(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function matchOne(value: unknown, cond: Condition): boolean {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (cond.op === '~') return text.toLowerCase().includes(cond.value.toLowerCase());
  let against: unknown = cond.value;
  if (typeof value === 'number') against = asNumber(cond.value, cond.field);
  else if (typeof value === 'boolean') against = cond.value === 'true';
  if (typeof against === 'number' && Number.isNaN(against)) return false;
  const cmp = typeof value === 'boolean' ? (value === against ? 0 : 1) : order(value, against);
  switch (cond.op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

function matches(value: unknown, cond: Condition): boolean {
  if (value === undefined || value === null) return cond.op === '!=';
  if (Array.isArray(value) && cond.field.kind === 'run') {
    // tags: = and ~ ask whether any tag matches, != whether none is that tag
    if (cond.op === '!=') return !value.some((v) => matchOne(v, { ...cond, op: '=' }));
    return value.some((v) => matchOne(v, cond));
  }
  return matchOne(value, cond);
}

/**
 * The runs table's query: the store selects by project, status, tag, cluster and job; params
 * (nested, by dotted path), metrics' last/min/max and the run's fields filter and sort here, on
 * the server, over at most MAX_SCANNED runs, so the dashboard and the CLI get one page of the
 * answer and its total, never every run.
 */
export async function queryRuns(store: TrackerStore, query: RunQuery): Promise<RunQueryResult> {
  const where = query.where ?? [];
  const scanned = await store.listRuns({ ...query.filter, limit: MAX_SCANNED });
  const needed = metricKeysOf([
    ...where.map((c) => c.field),
    ...(query.sort ? [query.sort.field] : []),
  ]);
  const sums: Summaries = new Map();
  for (const key of needed) sums.set(key, await metricSummaries(store, scanned, key));
  const flat = new Map<string, Record<string, unknown>>();
  const paramsOf = (run: Run) => () => {
    let params = flat.get(run.uid);
    if (!params) flat.set(run.uid, (params = flattenParams(run.config)));
    return params;
  };
  let runs = scanned.filter((run) =>
    where.every((cond) => matches(valueOf(run, cond.field, paramsOf(run), sums), cond)),
  );
  const sort = query.sort;
  if (sort) {
    const keyed = runs.map((run) => ({ run, v: valueOf(run, sort.field, paramsOf(run), sums) }));
    const missing = (v: unknown) => v === undefined || v === null || Number.isNaN(v);
    keyed.sort((a, b) => {
      // Runs without the value go last, whichever the direction.
      if (missing(a.v) || missing(b.v)) return Number(missing(a.v)) - Number(missing(b.v));
      const cmp = order(a.v, b.v);
      return sort.descending ? -cmp : cmp;
    });
    runs = keyed.map((k) => k.run);
  }
  if (query.group) runs = grouped(runs, query.group);
  const offset = query.offset ?? 0;
  const page = runs.slice(offset, offset + (query.limit ?? 100));
  const summaries: RunQueryResult['summaries'] = {};
  for (const run of page) summaries[run.uid] = {};
  for (const key of query.metrics ?? []) {
    const got = sums.get(key) ?? (await metricSummaries(store, page, key));
    for (const run of page) {
      (summaries[run.uid] as Record<string, MetricSummary | null>)[key] = got.get(run.uid) ?? null;
    }
  }
  return { runs: page, total: runs.length, summaries };
}

function grouped(runs: readonly Run[], group: RunGroup): Run[] {
  const rank = new Map<string, number>();
  for (const run of runs) {
    const key = groupOf(run, group);
    if (!rank.has(key)) rank.set(key, rank.size);
  }
  return runs
    .map((run, i) => ({ run, i, g: rank.get(groupOf(run, group)) as number }))
    .sort((a, b) => a.g - b.g || a.i - b.i)
    .map((x) => x.run);
}
