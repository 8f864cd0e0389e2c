import { SlurmdeckError } from '../core/errors.js';
import type { SubmitOptions, SubmitRequest } from './types.js';
import { assertName, assertText } from './validate.js';

type Check = (kind: string, value: unknown) => string;

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
const nameList: Check = (kind, value) => {
  const v = assertText(kind, value, 1024);
  v.split(',').forEach((part) => assertName(kind, part));
  return v;
};

/** Each option, its sbatch flag and how its value is checked before it reaches a command line. */
const FLAGS: Array<[keyof SubmitOptions, string, Check]> = [
  ['partition', '--partition', nameList],
  ['account', '--account', assertName],
  ['qos', '--qos', assertName],
  [
    'time',
    '--time',
    pattern(
      /^(?:\d+-\d+(?::\d+){0,2}|\d+(?::\d+){0,2}|UNLIMITED|INFINITE)$/i,
      'Use minutes, MM:SS, HH:MM:SS or D-HH:MM:SS.',
    ),
  ],
  [
    'gpus',
    '--gpus',
    pattern(/^(?:[\w.-]+:)?[1-9]\d{0,4}(?:,(?:[\w.-]+:)?[1-9]\d{0,4})*$/, 'Use 2 or a100:2.'),
  ],
  [
    'gres',
    '--gres',
    pattern(/^[\w.-]+(?::[\w.-]+){0,2}(?:,[\w.-]+(?::[\w.-]+){0,2})*$/, 'Use gpu:a100:2.'),
  ],
  ['cpusPerTask', '--cpus-per-task', positive],
  ['mem', '--mem', pattern(/^\d+(?:\.\d+)?[KMGT]?B?$/i, 'Use 4G, 4000 (MB) or 0 (whole node).')],
  ['nodes', '--nodes', pattern(/^[1-9]\d{0,5}(?:-[1-9]\d{0,5})?$/, 'Use 2 or 1-4.')],
  ['ntasks', '--ntasks', positive],
  ['jobName', '--job-name', (k, v) => assertText(k, v, 1024)],
  ['output', '--output', assertText],
  ['error', '--error', assertText],
  ['chdir', '--chdir', assertText],
  ['exclude', '--exclude', pattern(/^[\w.\-[\],]+$/, 'Use a node list like n[1-3],gpu7.')],
  ['nodelist', '--nodelist', pattern(/^[\w.\-[\],]+$/, 'Use a node list like n[1-3],gpu7.')],
  ['constraint', '--constraint', (k, v) => assertText(k, v, 1024)],
  ['array', '--array', pattern(/^[\d,\-:%]+$/, 'Use 0-15, 1,3,5 or 0-99%10.')],
  ['dependency', '--dependency', pattern(/^[\w:+?,]+$/, 'Use afterok:123 or singleton.')],
];

/** sbatch flags for the options given, each as one `--flag=value` argv element. */
export function sbatchFlags(options: SubmitOptions): string[] {
  const argv: string[] = [];
  for (const [key, flag, check] of FLAGS) {
    const value = options[key];
    if (value === undefined) continue;
    argv.push(`${flag}=${check(key, value)}`);
  }
  for (const extra of options.extraArgs ?? []) {
    // A bare word would be taken for the script path: extra arguments must be flags.
    const arg = assertText('extra argument', extra);
    if (!arg.startsWith('-')) {
      throw new SlurmdeckError('INVALID_ARGUMENT', `extra sbatch argument is not a flag: ${arg}`, {
        hint: 'Pass extra arguments as --flag=value.',
      });
    }
    argv.push(arg);
  }
  return argv;
}

export interface SbatchInvocation {
  argv: string[];
  stdin: string | undefined;
}

/** The full sbatch command for a request; `mode` picks --parsable (submit) or --test-only. */
export function sbatchInvocation(
  request: SubmitRequest,
  mode: 'submit' | 'test',
): SbatchInvocation {
  const argv = [
    'sbatch',
    mode === 'submit' ? '--parsable' : '--test-only',
    ...sbatchFlags(request),
  ];
  if ('wrap' in request) {
    if (
      typeof request.wrap !== 'string' ||
      request.wrap.trim() === '' ||
      request.wrap.includes('\0')
    ) {
      throw new SlurmdeckError('INVALID_ARGUMENT', 'wrap needs a command line', {
        hint: 'Give the command to run, e.g. "python train.py".',
      });
    }
    argv.push(`--wrap=${request.wrap}`);
    return { argv, stdin: undefined };
  }
  if ('scriptText' in request) {
    if (typeof request.scriptText !== 'string' || !request.scriptText.startsWith('#!')) {
      throw new SlurmdeckError('INVALID_ARGUMENT', 'a batch script must start with #!', {
        hint: 'Begin the script with a line like #!/bin/bash.',
      });
    }
    return { argv, stdin: request.scriptText };
  }
  const script = assertText('script path', request.script);
  if (script.startsWith('-')) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `script path looks like a flag: ${script}`, {
      hint: 'Give the path as ./name if it starts with -.',
    });
  }
  argv.push(script, ...(request.args ?? []).map((a) => assertText('script argument', a)));
  return { argv, stdin: undefined };
}
