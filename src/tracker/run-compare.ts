import type { MetricSummary } from './metric-summary.js';
import type { Run } from './types.js';

/** Nested params as dotted keys: `{optim: {lr: 1}}` -> `optim.lr`; arrays stay whole values. */
export function flattenParams(
  value: Record<string, unknown>,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      flattenParams(v as Record<string, unknown>, path, out);
    } else {
      out[path] = v;
    }
  }
  return out;
}

export interface RunComparison {
  runs: Array<{ uid: string; name: string; status: string; jobOutcome: string | undefined }>;
  /** Params whose values differ between the runs (missing counts as different), by dotted key. */
  paramsDiff: Record<string, unknown[]>;
  /** How many params all runs share with the same value. */
  sameParams: number;
  /** Each metric any run has: per run (in order) its summary, or null where it has none. */
  metrics: Record<string, Array<MetricSummary | null>>;
}

/** Side by side: the params that differ and each metric's last, min and max per run. */
export function compareRuns(
  runs: readonly Run[],
  summaries: readonly (readonly MetricSummary[])[],
): RunComparison {
  const flat = runs.map((run) => flattenParams(run.config));
  const keys = [...new Set(flat.flatMap((params) => Object.keys(params)))].sort();
  const paramsDiff: Record<string, unknown[]> = {};
  let sameParams = 0;
  for (const key of keys) {
    const values = flat.map((params) => (key in params ? params[key] : null));
    const texts = new Set(flat.map((params) => (key in params ? JSON.stringify(params[key]) : '')));
    if (texts.size > 1) paramsDiff[key] = values;
    else sameParams++;
  }
  const metricKeys = [...new Set(summaries.flatMap((list) => list.map((m) => m.key)))].sort();
  const metrics: RunComparison['metrics'] = {};
  for (const key of metricKeys) {
    metrics[key] = summaries.map((list) => list.find((m) => m.key === key) ?? null);
  }
  return {
    runs: runs.map((run) => ({
      uid: run.uid,
      name: run.name,
      status: run.status,
      jobOutcome: run.jobOutcome,
    })),
    paramsDiff,
    sameParams,
    metrics,
  };
}

/** Every param of the runs, flattened and sorted: each run's value (null where missing), and whether they differ. */
export function paramsTable(
  runs: readonly Run[],
): Array<{ key: string; values: unknown[]; differs: boolean }> {
  const flat = runs.map((run) => flattenParams(run.config));
  const keys = [...new Set(flat.flatMap((params) => Object.keys(params)))].sort();
  return keys.map((key) => {
    const values = flat.map((params) => (key in params ? params[key] : null));
    const texts = new Set(flat.map((params) => (key in params ? JSON.stringify(params[key]) : '')));
    return { key, values, differs: texts.size > 1 };
  });
}
