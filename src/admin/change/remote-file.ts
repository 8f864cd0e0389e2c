import { createHash } from 'node:crypto';
import { SlurmdeckError } from '../../core/errors.js';
import type { Transport } from '../../transport/types.js';
import { fact, newFactMarker, parseFacts, type Facts } from '../status/facts-frame.js';
import { INSPECT_SCRIPT, WRITE_SCRIPT } from './file-scripts.js';

const TIMEOUT_MS = 30_000;

/** Who owns a file or folder and how: what munged and slurmd check. */
export interface Ownership {
  owner: string;
  group: string;
  /** Octal permission bits as stat prints them: "400", "700". */
  mode: string;
}

/** A file on a host as seen from outside: checksum and ownership, never its content. */
export interface FileState {
  path: string;
  exists: boolean;
  sha256: string | undefined;
  ownership: Ownership | undefined;
  /** "regular file", "symbolic link", ... */
  type: string | undefined;
  dir: (Ownership & { type: string }) | undefined;
  /** A symbolic link: what it points to (stat -L), else undefined. */
  linkTarget?: (Ownership & { type: string }) | undefined;
}

/** What a file should be: its checksum, ownership and, where it matters, its folder's. */
export interface WantedFile extends Ownership {
  path: string;
  sha256: string;
  dir?: Ownership;
}

/**
 * A file's bytes as read from the controller, base64-encoded, for the one place they go: the
 * stdin of a write on a node. They hide from JSON and from console.log, so a secret that ends
 * up in a result or a log line by mistake shows as a placeholder.
 */
export class FileContent {
  readonly #base64: string;
  readonly sha256: string;
  constructor(base64: string) {
    this.#base64 = base64;
    this.sha256 = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
  }
  stdin(): string {
    return this.#base64;
  }
  toJSON(): string {
    return `[content sha256:${this.sha256.slice(0, 16)}]`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toJSON();
  }
}

function ownership(text: string | undefined): (Ownership & { type: string }) | undefined {
  const match = /^(\S+) (\S+) ([0-7]+) (.+)$/.exec(text ?? '');
  if (!match) return undefined;
  return {
    owner: match[1] as string,
    group: match[2] as string,
    mode: match[3] as string,
    // GNU stat says "regular empty file" for an empty one: the same kind of file.
    type: match[4] === 'regular empty file' ? 'regular file' : (match[4] as string),
  };
}

function fileState(facts: Facts, index: number, path: string): FileState {
  const own = ownership(fact(facts, `${index}.stat`));
  return {
    path,
    exists: own !== undefined,
    sha256: fact(facts, `${index}.sha256`),
    ownership: own && { owner: own.owner, group: own.group, mode: own.mode },
    type: own?.type,
    dir: ownership(fact(facts, `${index}.dir`)),
    linkTarget: ownership(fact(facts, `${index}.target`)),
  };
}

/** Each path's checksum and ownership, in one round trip. */
export async function inspectFiles(
  host: Transport,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<FileState[]> {
  const marker = newFactMarker();
  const result = await host.exec(['sh', '-c', INSPECT_SCRIPT, 'sh', marker, ...paths], {
    timeoutMs: TIMEOUT_MS,
    ...(signal ? { signal } : {}),
  });
  const facts = parseFacts(result.stdout, marker);
  if (fact(facts, 'done') !== '1') {
    throw new SlurmdeckError('SLURM_PARSE', `could not inspect files on ${host.target}`, {
      hint: `exit ${result.exitCode}: ${result.stderr.trim().slice(0, 200)}`,
    });
  }
  return paths.map((path, i) => fileState(facts, i, path));
}

/** Whether the file is exactly what is wanted: content, owner, group, mode, a regular file. */
export function fileMatches(state: FileState, wanted: WantedFile): boolean {
  const own = state.ownership;
  const dirOk =
    !wanted.dir ||
    (state.dir !== undefined &&
      state.dir.owner === wanted.dir.owner &&
      state.dir.group === wanted.dir.group &&
      Number.parseInt(state.dir.mode, 8) === Number.parseInt(wanted.dir.mode, 8));
  return (
    state.type === 'regular file' &&
    state.sha256 === wanted.sha256 &&
    own?.owner === wanted.owner &&
    own.group === wanted.group &&
    Number.parseInt(own.mode, 8) === Number.parseInt(wanted.mode, 8) &&
    dirOk
  );
}

/** For rows and the audit log: checksum and ownership, never content. */
export function describeFile(state: FileState | WantedFile): string {
  if ('exists' in state && !state.exists) return 'missing';
  const own = 'exists' in state ? state.ownership : state;
  const type = 'exists' in state && state.type !== 'regular file' ? ` (${state.type})` : '';
  return `sha256:${state.sha256?.slice(0, 16) ?? '?'} ${own ? `${own.owner}:${own.group} ${own.mode}` : '?'}${type}`;
}

/**
 * Writes `content` to `wanted.path` on the host atomically (see WRITE_SCRIPT), the checksum
 * verified there before the rename and read back after it; resolves with the file as it is now.
 */
export async function writeFileAtomic(
  host: Transport,
  wanted: WantedFile,
  content: FileContent,
  signal?: AbortSignal,
): Promise<FileState> {
  if (content.sha256 !== wanted.sha256) {
    throw new Error(`${wanted.path}: the content is not what was planned`);
  }
  const marker = newFactMarker();
  const dir = wanted.dir ? [`${wanted.dir.owner}:${wanted.dir.group}`, wanted.dir.mode] : ['', ''];
  const argv = ['sh', '-c', WRITE_SCRIPT, 'sh', marker, wanted.path];
  argv.push(`${wanted.owner}:${wanted.group}`, wanted.mode, wanted.sha256, ...dir);
  const result = await host.exec(argv, {
    stdin: content.stdin(),
    timeoutMs: TIMEOUT_MS,
    ...(signal ? { signal } : {}),
  });
  const facts = parseFacts(result.stdout, marker);
  if (fact(facts, 'done') !== '1') {
    throw new SlurmdeckError(
      'SLURM_REJECTED',
      `${wanted.path} on ${host.target} was not written: ${fact(facts, 'error') ?? `exit ${result.exitCode}`}`,
      { hint: 'The file there is unchanged (the copy is written beside it, then renamed).' },
    );
  }
  const after = fileState(facts, 0, wanted.path);
  if (after.sha256 !== wanted.sha256) {
    throw new SlurmdeckError(
      'SLURM_REJECTED',
      `${wanted.path} on ${host.target} does not read back as written (sha256 ${after.sha256 ?? 'none'})`,
    );
  }
  return after;
}
