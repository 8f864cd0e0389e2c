import { SlurmdeckError } from '../core/errors.js';
import { SBATCH_OPTIONS } from './sbatch-options.js';
import type { SubmitOptions, SubmitRequest } from './types.js';
import { assertText } from './validate.js';

/** sbatch flags for the options given, each as one `--flag=value` argv element. */
export function sbatchFlags(options: SubmitOptions): string[] {
  const argv: string[] = [];
  for (const { key, flag, check } of SBATCH_OPTIONS) {
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

const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
// Reads NAME=value lines up to an empty one, exports them, then runs sbatch on the rest of stdin.
const EXPORT_FROM_STDIN =
  'while IFS= read -r line && [ -n "$line" ]; do export "$line"; done; exec "$@"';

/** sbatch under a shell that takes `secretEnv` from stdin: argv and errors never carry a value. */
function withSecretEnv(invocation: SbatchInvocation, env: Readonly<Record<string, string>>) {
  const lines = Object.entries(env).map(([name, value]) => {
    if (!ENV_NAME.test(name) || /[\n\r\0]/.test(value) || value === '') {
      throw new SlurmdeckError('INVALID_ARGUMENT', `the job variable ${name} cannot be passed`, {
        hint: 'Names are upper-case letters, digits and _; values one non-empty line.',
      });
    }
    return `${name}=${value}\n`;
  });
  if (lines.length === 0) return invocation;
  return {
    argv: ['sh', '-c', EXPORT_FROM_STDIN, 'sh', ...invocation.argv],
    stdin: `${lines.join('')}\n${invocation.stdin ?? ''}`,
  };
}

/** The full sbatch command for a request; `mode` picks --parsable (submit) or --test-only. */
export function sbatchInvocation(
  request: SubmitRequest,
  mode: 'submit' | 'test',
): SbatchInvocation {
  const plain = plainInvocation(request, mode);
  return request.secretEnv ? withSecretEnv(plain, request.secretEnv) : plain;
}

function plainInvocation(request: SubmitRequest, mode: 'submit' | 'test'): SbatchInvocation {
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
