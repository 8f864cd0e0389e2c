import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { SlurmdeckError } from '../core/errors.js';
import { configDir } from '../core/paths.js';

/** Named secrets that channel specs refer to as `@name`; values never leave this object in text. */
export interface Credentials {
  /** Where they were read from (or would be), for messages. */
  readonly file: string;
  /** Whether the file existed. */
  readonly found: boolean;
  get(name: string): string | undefined;
  names(): string[];
  /** Every secret value, for redaction only. */
  values(): string[];
}

/** `<XDG config>/slurmdeck/credentials.yaml`, unless the config names another file. */
export function defaultCredentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'credentials.yaml');
}

/** The config's `notify.credentialsFile`, with `~/` expanded, or the default. */
export function credentialsFileFor(configured: string | undefined): string {
  if (!configured) return defaultCredentialsFile();
  return configured.startsWith('~/') ? join(homedir(), configured.slice(2)) : configured;
}

export function emptyCredentials(file = defaultCredentialsFile()): Credentials {
  return fromMap(file, false, new Map());
}

/**
 * Reads a YAML (or JSON) map of `name: secret`. A missing file gives no credentials; a file that
 * group or others may read is refused, like ssh refuses a readable private key. Errors never
 * quote the file's content.
 */
export function loadCredentials(file: string): Credentials {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyCredentials(file);
    throw new SlurmdeckError('CREDENTIALS_INVALID', `cannot read ${file}`, { cause: error });
  }
  if ((mode & 0o077) !== 0) {
    throw new SlurmdeckError(
      'CREDENTIALS_INSECURE',
      `${file} is readable by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); refusing to use it`,
      { hint: `Run \`chmod 600 ${file}\`, then try again.` },
    );
  }
  const document = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: false });
  const [first] = document.errors;
  if (first) {
    // The parser's message quotes the offending line, which may hold a secret: give the line only.
    const line = first.linePos?.[0].line;
    throw new SlurmdeckError(
      'CREDENTIALS_INVALID',
      `${file}: not valid YAML${line ? ` (line ${line})` : ''}`,
      { hint: 'Write one `name: secret` per line.' },
    );
  }
  const value: unknown = document.toJS() ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SlurmdeckError('CREDENTIALS_INVALID', `${file}: expected a map of name: secret`, {
      hint: 'Write one `name: secret` per line.',
    });
  }
  const secrets = new Map<string, string>();
  for (const [name, secret] of Object.entries(value)) {
    if (typeof secret !== 'string' && typeof secret !== 'number') {
      throw new SlurmdeckError('CREDENTIALS_INVALID', `${file}: "${name}" is not a string`, {
        hint: 'Quote the value: `name: "secret"`.',
      });
    }
    secrets.set(name, String(secret));
  }
  return fromMap(file, true, secrets);
}

/** Credentials from values in memory (tests, or a caller that keeps secrets elsewhere). */
export function credentialsFrom(values: Record<string, string>, file = '(in memory)'): Credentials {
  return fromMap(file, true, new Map(Object.entries(values)));
}

function fromMap(file: string, found: boolean, secrets: Map<string, string>): Credentials {
  return {
    file,
    found,
    get: (name) => secrets.get(name),
    names: () => [...secrets.keys()],
    values: () => [...secrets.values()],
  };
}
