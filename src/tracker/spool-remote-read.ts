import { SlurmdeckError } from '../core/errors.js';
import type { Transport } from '../transport/index.js';
import { SPOOL_READ_SCRIPT } from './spool-remote-script.js';

/** A file's identity: a replaced file (new inode, or another device after a remount) differs. */
export interface FileIdentity {
  dev: string;
  ino: string;
}

export type ReadRequest =
  /** Bytes [from, offset + max) of a file, read only when its size is past `offset`. */
  | { op: 'tail'; path: string; from: number; offset: number; max: number }
  /** A whole small file (at most `max` bytes), read only when its identity is not `known`. */
  | { op: 'whole'; path: string; known?: FileIdentity; max: number }
  /** The names of the run folders under `root/tracker/`. */
  | { op: 'runs'; root: string }
  /** TensorBoard event files under `root`, at most `depth` folders down, at most `limit`. */
  | { op: 'events'; root: string; depth: number; limit: number }
  /** The array task ids N with a file `<prefix>_N.json` (the runner's records of an array's tasks). */
  | { op: 'tasks'; prefix: string };

/** A file that was there: `bytes` is empty when nothing was read (no growth, or known identity). */
export interface FileRead {
  status: 'ok' | 'same';
  identity: FileIdentity;
  size: number;
  bytes: Buffer;
}

export type FileAnswer = { status: 'missing' | 'unreadable' } | FileRead;

export interface FoundFile {
  /** Relative to the root searched. */
  path: string;
  size: number;
  mtime: number;
}

export type ReadAnswer =
  | { op: 'tail' | 'whole'; file: FileAnswer }
  | { op: 'runs'; names: string[] }
  | { op: 'tasks'; tasks: string[] }
  | { op: 'events'; files: FoundFile[] };

/** Request lines for the script; paths that a line could not carry faithfully are refused. */
export function requestLines(requests: readonly ReadRequest[]): string {
  return requests
    .map((request, index) => {
      switch (request.op) {
        case 'tail':
          return `T ${index} ${int(request.from)} ${int(request.offset)} ${int(request.max)} ${linePath(request.path)}`;
        case 'whole': {
          const known = request.known ?? { dev: '-', ino: '-' };
          return `W ${index} ${known.dev} ${known.ino} ${int(request.max)} ${linePath(request.path)}`;
        }
        case 'runs':
          return `D ${index} - - - ${linePath(request.root)}`;
        case 'events':
          return `F ${index} ${int(request.depth)} ${int(request.limit)} - ${linePath(request.root)}`;
        case 'tasks':
          return `A ${index} - - - ${linePath(request.prefix)}`;
      }
    })
    .map((line) => `${line}\n`)
    .join('');
}

function int(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `not a byte count or offset: ${value}`);
  }
  return String(value);
}

function linePath(path: string): string {
  if (path === '' || /[\n\r\0]/.test(path) || path.trim() !== path) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `cannot read ${JSON.stringify(path)} remotely`, {
      hint: 'Spool and TensorBoard paths may not contain line breaks or start or end with spaces.',
    });
  }
  return path;
}

const NEWLINE = 0x0a;

/** The script's answer, one entry per request (in order); throws when the answer was cut off. */
export function parseAnswer(stdout: Buffer, requests: readonly ReadRequest[]): ReadAnswer[] {
  const answers: ReadAnswer[] = requests.map((request) =>
    request.op === 'runs'
      ? { op: 'runs', names: [] }
      : request.op === 'tasks'
        ? { op: 'tasks', tasks: [] }
        : request.op === 'events'
          ? { op: 'events', files: [] }
          : { op: request.op, file: { status: 'missing' } },
  );
  let complete = false;
  let pos = 0;
  const nextLine = (): string => {
    let newline = stdout.indexOf(NEWLINE, pos);
    if (newline < 0) newline = stdout.length;
    const line = stdout.toString('utf8', pos, newline);
    pos = newline + 1;
    return line;
  };
  while (pos < stdout.length) {
    const line = nextLine();
    if (line === '@end') {
      complete = true;
      break;
    }
    if (!line.startsWith('@')) continue;
    const [kind, indexText, ...rest] = line.slice(1).split(' ');
    const answer = answers[Number(indexText)];
    if (answer === undefined) continue;
    if ((kind === 'T' || kind === 'W') && (answer.op === 'tail' || answer.op === 'whole')) {
      const [status, dev, ino, size, count] = rest;
      if (status === 'missing' || status === 'unreadable') {
        answer.file = { status };
        continue;
      }
      const n = Number(count ?? 0);
      if (!Number.isSafeInteger(n) || n < 0) break;
      // The bytes as they came, then a newline; cut off before that, the answer is incomplete.
      if (n > 0 && stdout[pos + n] !== NEWLINE) break;
      let bytes = stdout.subarray(pos, pos + n);
      if (n > 0) pos += n + 1;
      const short = /^@short (\d+) (\d+)$/.exec(peekLine());
      if (short && short[1] === indexText) {
        nextLine();
        bytes = bytes.subarray(0, Math.min(n, Number(short[2])));
      }
      answer.file = {
        status: status === 'same' ? 'same' : 'ok',
        identity: { dev: dev ?? '', ino: ino ?? '' },
        size: Number(size),
        bytes,
      };
    } else if (kind === 'D' && answer.op === 'runs') {
      answer.names.push(rest.join(' '));
    } else if (kind === 'A' && answer.op === 'tasks') {
      answer.tasks.push(rest.join(' '));
    } else if (kind === 'F' && answer.op === 'events') {
      const [size, mtime, ...path] = rest;
      answer.files.push({ path: path.join(' '), size: Number(size), mtime: Number(mtime) });
    }
  }
  if (!complete) {
    throw new SlurmdeckError('SLURM_UNAVAILABLE', 'the spool read stopped before its end', {
      hint: 'The login host may be overloaded or the connection dropped; the next poll reads again.',
    });
  }
  return answers;

  function peekLine(): string {
    const newline = stdout.indexOf(NEWLINE, pos);
    return stdout.toString(
      'latin1',
      pos,
      Math.min(newline < 0 ? stdout.length : newline, pos + 64),
    );
  }
}

/** Runs every request in ONE command on the transport's host. */
export async function readRemote(
  transport: Transport,
  requests: readonly ReadRequest[],
  timeoutMs = 60_000,
  signal?: AbortSignal,
): Promise<ReadAnswer[]> {
  if (requests.length === 0) return [];
  const result = await transport.exec(['sh', '-c', SPOOL_READ_SCRIPT], {
    stdin: requestLines(requests),
    binary: true,
    timeoutMs,
    ...(signal ? { signal } : {}),
  });
  if (result.exitCode !== 0) {
    throw new SlurmdeckError(
      'SLURM_UNAVAILABLE',
      `the spool read failed on ${transport.target} (exit ${result.exitCode}): ${result.stderr.trim().slice(0, 300)}`,
      {
        hint: 'Check that the login host has GNU coreutils (stat, dd, head); the next poll tries again.',
      },
    );
  }
  return parseAnswer(result.stdoutBytes ?? Buffer.from(result.stdout, 'utf8'), requests);
}
