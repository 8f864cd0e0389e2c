import { SlurmdeckError } from '../core/errors.js';

/** A metric's figure a run can be filtered or sorted by. */
export type MetricFigure = 'last' | 'min' | 'max';

/**
 * What a filter or sort names: a param by its dotted path (`params.optimizer.lr`), a metric's
 * last/min/max (`metrics.loss.min`; the key may hold dots and slashes), or a run field.
 */
export type RunField =
  | { kind: 'param'; path: string }
  | { kind: 'metric'; key: string; figure: MetricFigure }
  | { kind: 'run'; name: RunFieldName };

export const RUN_FIELDS = [
  'status',
  'state',
  'tag',
  'project',
  'name',
  'job',
  'cluster',
  'array',
  'started',
  'uid',
] as const;
export type RunFieldName = (typeof RUN_FIELDS)[number];

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | '~';
export interface Condition {
  field: RunField;
  op: Operator;
  value: string;
}
export interface SortKey {
  field: RunField;
  descending: boolean;
}

const ALIASES: Record<string, RunFieldName> = { experiment: 'project', outcome: 'state' };
const FIGURES = new Set<string>(['last', 'min', 'max']);

const invalid = (message: string) =>
  new SlurmdeckError('INVALID_ARGUMENT', message, {
    hint:
      'Name params.PATH (params.optimizer.lr), metrics.KEY.last|min|max (metrics.loss.min) or one of ' +
      `${RUN_FIELDS.join(', ')}; filters read FIELD OP VALUE with OP one of = != < <= > >= ~ (contains).`,
  });

export function parseField(text: string): RunField {
  const name = text.trim();
  const param = /^(?:params|config)\.(.+)$/.exec(name);
  if (param) return { kind: 'param', path: param[1] as string };
  const metric = /^metrics?\.(.+)\.([a-z]+)$/.exec(name);
  if (metric && FIGURES.has(metric[2] as string)) {
    return { kind: 'metric', key: metric[1] as string, figure: metric[2] as MetricFigure };
  }
  if (/^metrics?\./.test(name)) throw invalid(`"${name}" needs .last, .min or .max at its end`);
  const field = ALIASES[name] ?? name;
  if ((RUN_FIELDS as readonly string[]).includes(field)) {
    return { kind: 'run', name: field as RunFieldName };
  }
  throw invalid(`unknown field "${name}"`);
}

/** `params.optimizer.lr>=0.01`, `metrics.loss.last<0.5`, `state=OUT_OF_MEMORY`, `name~sweep`. */
export function parseCondition(text: string): Condition {
  const match = /^\s*([^<>=!~]+?)\s*(>=|<=|!=|=|<|>|~)\s*(.*?)\s*$/.exec(text);
  if (!match) throw invalid(`"${text}" is not FIELD OP VALUE`);
  return {
    field: parseField(match[1] as string),
    op: match[2] as Operator,
    value: match[3] as string,
  };
}

/** `metrics.loss.min` ascending, `-metrics.loss.min` (or `...:desc`) descending. */
export function parseSort(text: string): SortKey {
  let name = text.trim();
  let descending = false;
  if (name.startsWith('-')) {
    descending = true;
    name = name.slice(1);
  }
  const suffix = /:(asc|desc)$/.exec(name);
  if (suffix) {
    descending = suffix[1] === 'desc';
    name = name.slice(0, suffix.index);
  }
  return { field: parseField(name), descending };
}

/** The metric keys a query needs summaries of. */
export function metricKeysOf(fields: readonly RunField[]): string[] {
  return [...new Set(fields.flatMap((f) => (f.kind === 'metric' ? [f.key] : [])))];
}
