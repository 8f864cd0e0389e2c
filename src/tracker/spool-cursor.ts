import type { FileIdentity } from './spool-remote-read.js';

/**
 * How far a spool file has been applied: what the caller stores (and restores after a crash).
 * Every line before `offset` was applied; `identity` is the file that offset belongs to, `tail`
 * (base64) its last bytes before `offset`, checked again on the next read so a file replaced or
 * rewritten in place (even one that kept its inode number) is noticed.
 */
export interface SpoolCursor {
  path: string;
  offset: number;
  identity?: FileIdentity;
  tail?: string;
  /** The line at `offset` continues one that was too long to keep: drop up to its newline. */
  skipping?: boolean;
}

/** A cursor at the start of a file, as for a file never read or one to read again. */
export function startCursor(path: string): SpoolCursor {
  return { path, offset: 0 };
}
