import { SlurmdeckError } from '../core/errors.js';
import { assertName, assertText } from './validate.js';

/** Checks one value before it reaches a command line; returns it as sbatch will read it. */
export type Check = (kind: string, value: unknown) => string;

const pattern =
  (re: RegExp, hint: string): Check =>
  (kind, value) => {
    const v = typeof value === 'number' ? String(value) : value;
    if (typeof v === 'string' && re.test(v)) return v;
    throw new SlurmdeckError('INVALID_ARGUMENT', `invalid ${kind}: ${JSON.stringify(value)}`, {
      hint,
    });
  };

const positive = pattern(/^[1-9]\d{0,6}$/, 'Give a positive whole number.');
const text: Check = (kind, value) => assertText(kind, value, 1024);
const nameList: Check = (kind, value) => {
  const v = text(kind, value);
  v.split(',').forEach((part) => assertName(kind, part));
  return v;
};
const nodeList = pattern(/^[\w.\-[\],]+$/, 'Use a node list like n[1-3],gpu7.');
const gpuCount = pattern(
  /^(?:[\w.-]+:)?[1-9]\d{0,4}(?:,(?:[\w.-]+:)?[1-9]\d{0,4})*$/,
  'Use 2 or a100:2.',
);

/** The spellings of a time limit sbatch takes; `parseDuration` reads the same. */
export const TIME_LIMIT = /^(?:\d+-\d+(?::\d+){0,2}|\d+(?::\d+){0,2}|UNLIMITED|INFINITE)$/i;
export const TIME_HINT =
  'Use minutes (30), MM:SS, HH:MM:SS (4:00:00), D-HH (2-12) or D-HH:MM:SS (2-00:00:00).';

/** `count`: a whole number above 0; `spec`: a number or a spec like `a100:2`; `text`: a string. */
export type OptionType = 'count' | 'spec' | 'text';

export interface SbatchOptionSpec {
  /** The property in SubmitOptions: the camelCase of `flag`, as commander names it too. */
  key: string;
  flag: `--${string}`;
  short?: `-${string}`;
  type: OptionType;
  /** What the value is, for help: `<n>`, `<name>`... */
  arg: string;
  help: string;
  check: Check;
  /** Part of what is allocated, and billed: shown before a person says yes. */
  allocates?: true;
}

/**
 * Every sbatch option slurmdeck knows, once: the CLI options, the zod schema of the MCP and
 * HTTP faces, `SubmitOptions`, the `#SBATCH` parsing and the command line all come from here.
 * The order is the order of the flags on the command line.
 */
export const SBATCH_OPTIONS = [
  {
    key: 'partition',
    flag: '--partition',
    short: '-p',
    type: 'text',
    arg: '<name>',
    help: 'partition, or several comma-separated (default: the cluster default)',
    check: nameList,
    allocates: true,
  },
  {
    key: 'account',
    flag: '--account',
    short: '-A',
    type: 'text',
    arg: '<name>',
    help: 'account to charge',
    check: assertName,
    allocates: true,
  },
  {
    key: 'qos',
    flag: '--qos',
    short: '-q',
    type: 'text',
    arg: '<name>',
    help: 'quality of service',
    check: assertName,
    allocates: true,
  },
  {
    key: 'time',
    flag: '--time',
    short: '-t',
    type: 'text',
    arg: '<limit>',
    help: "time limit, e.g. 30 (minutes), 4:00:00, 2-00:00:00; at most the partition's MaxTime",
    check: pattern(TIME_LIMIT, TIME_HINT),
    allocates: true,
  },
  {
    key: 'gpus',
    flag: '--gpus',
    short: '-G',
    type: 'spec',
    arg: '<n>',
    help: 'GPUs for the whole job, e.g. 2 or a100:2',
    check: gpuCount,
    allocates: true,
  },
  {
    key: 'gpusPerNode',
    flag: '--gpus-per-node',
    type: 'spec',
    arg: '<n>',
    help: 'GPUs on each node, e.g. 4 or a100:4',
    check: gpuCount,
    allocates: true,
  },
  {
    key: 'gpusPerTask',
    flag: '--gpus-per-task',
    type: 'spec',
    arg: '<n>',
    help: 'GPUs for each task, e.g. 1 or a100:1',
    check: gpuCount,
    allocates: true,
  },
  {
    key: 'gres',
    flag: '--gres',
    type: 'text',
    arg: '<spec>',
    help: 'generic resources per node, e.g. gpu:a100:2',
    check: pattern(/^[\w.-]+(?::[\w.-]+){0,2}(?:,[\w.-]+(?::[\w.-]+){0,2})*$/, 'Use gpu:a100:2.'),
    allocates: true,
  },
  {
    key: 'cpusPerTask',
    flag: '--cpus-per-task',
    short: '-c',
    type: 'count',
    arg: '<n>',
    help: 'CPUs per task',
    check: positive,
    allocates: true,
  },
  {
    key: 'mem',
    flag: '--mem',
    type: 'text',
    arg: '<size>',
    help: 'memory per node, e.g. 16G, 4000 (MB) or 0 (the whole node)',
    check: pattern(/^\d+(?:\.\d+)?[KMGT]?B?$/i, 'Use 4G, 4000 (MB) or 0 (whole node).'),
    allocates: true,
  },
  {
    key: 'nodes',
    flag: '--nodes',
    short: '-N',
    type: 'spec',
    arg: '<n>',
    help: 'nodes, e.g. 2 or 1-4',
    check: pattern(/^[1-9]\d{0,5}(?:-[1-9]\d{0,5})?$/, 'Use 2 or 1-4.'),
    allocates: true,
  },
  {
    key: 'ntasks',
    flag: '--ntasks',
    short: '-n',
    type: 'count',
    arg: '<n>',
    help: 'tasks',
    check: positive,
    allocates: true,
  },
  {
    key: 'jobName',
    flag: '--job-name',
    short: '-J',
    type: 'text',
    arg: '<name>',
    help: 'job name',
    check: text,
  },
  {
    key: 'output',
    flag: '--output',
    short: '-o',
    type: 'text',
    arg: '<pattern>',
    help: 'stdout file pattern, e.g. logs/%x-%j.out',
    check: assertText,
  },
  {
    key: 'error',
    flag: '--error',
    short: '-e',
    type: 'text',
    arg: '<pattern>',
    help: 'stderr file pattern',
    check: assertText,
  },
  {
    key: 'chdir',
    flag: '--chdir',
    short: '-D',
    type: 'text',
    arg: '<dir>',
    help: 'working directory on the cluster',
    check: assertText,
  },
  {
    key: 'exclude',
    flag: '--exclude',
    short: '-x',
    type: 'text',
    arg: '<nodes>',
    help: 'nodes to avoid, e.g. n[1-3],gpu7',
    check: nodeList,
  },
  {
    key: 'nodelist',
    flag: '--nodelist',
    short: '-w',
    type: 'text',
    arg: '<nodes>',
    help: 'nodes to run on',
    check: nodeList,
  },
  {
    key: 'constraint',
    flag: '--constraint',
    short: '-C',
    type: 'text',
    arg: '<features>',
    help: 'node features, e.g. a100&ib',
    check: text,
  },
  {
    key: 'array',
    flag: '--array',
    short: '-a',
    type: 'text',
    arg: '<spec>',
    help: 'job array, e.g. 0-15%4',
    check: pattern(/^[\d,\-:%]+$/, 'Use 0-15, 1,3,5 or 0-99%10.'),
    allocates: true,
  },
  {
    key: 'dependency',
    flag: '--dependency',
    short: '-d',
    type: 'text',
    arg: '<spec>',
    help: 'start after other jobs, e.g. afterok:123',
    check: pattern(/^[\w:+?,]+$/, 'Use afterok:123 or singleton.'),
  },
] as const satisfies readonly SbatchOptionSpec[];

export type SbatchOption = (typeof SBATCH_OPTIONS)[number];
export type SbatchOptionKey = SbatchOption['key'];

type ValueOf<T extends OptionType> = T extends 'count'
  ? number
  : T extends 'spec'
    ? number | string
    : string;

/** The options' values as a program passes them: `cpusPerTask: 4`, `gpus: 'a100:2'`. */
export type SbatchOptionValues = { [O in SbatchOption as O['key']]?: ValueOf<O['type']> };

/** What a job asks Slurm for: the resources that are allocated, and billed, once it runs. */
export type Allocation = {
  [O in SbatchOption as O extends { allocates: true } ? O['key'] : never]?: string;
};

/**
 * The options among `values` (anything else is ignored), each checked; counts given as text
 * (`"4"` from a command line) become numbers. Throws INVALID_ARGUMENT with a hint.
 */
export function checkSbatchOptions(values: Readonly<Record<string, unknown>>): SbatchOptionValues {
  const out: Record<string, string | number> = {};
  for (const option of SBATCH_OPTIONS) {
    const value = values[option.key];
    if (value === undefined) continue;
    const checked = option.check(option.key, value);
    out[option.key] =
      option.type === 'count' || (option.type === 'spec' && typeof value === 'number')
        ? Number(checked)
        : checked;
  }
  return out as SbatchOptionValues;
}

/** sbatch's and srun's flags, long and short, to the option they set. */
export const OPTION_BY_FLAG: ReadonlyMap<string, SbatchOption> = new Map(
  SBATCH_OPTIONS.flatMap((o): Array<[string, SbatchOption]> =>
    'short' in o
      ? [
          [o.flag, o],
          [o.short, o],
        ]
      : [[o.flag, o]],
  ),
);
