import { posix } from 'node:path';
import type { Transport } from '../../transport/index.js';
import { readRemote, type FoundFile } from '../spool-remote-read.js';

export interface FindEventFilesOptions {
  /** Folders below `dir` searched (default 6). */
  depth?: number;
  /** At most this many files (default 1000). */
  limit?: number;
}

/** An event file found under a folder: its absolute path, size and mtime (unix seconds). */
export interface EventFileFound extends FoundFile {
  absolute: string;
}

/**
 * TensorBoard event files (`events.out.tfevents.*`) under a job's work dir or the folder given
 * to `slurmdeck run --tensorboard DIR`, on the cluster, in one command: bounded in depth and
 * count, never into `.git`, `node_modules` or `.slurmdeck`. Newest first.
 */
export async function findEventFiles(
  transport: Transport,
  dir: string,
  options: FindEventFilesOptions = {},
): Promise<EventFileFound[]> {
  const [answer] = await readRemote(transport, [
    { op: 'events', root: dir, depth: options.depth ?? 6, limit: options.limit ?? 1000 },
  ]);
  if (answer?.op !== 'events') return [];
  return answer.files
    .map((file) => ({ ...file, absolute: posix.join(dir, file.path) }))
    .sort((a, b) => b.mtime - a.mtime);
}
