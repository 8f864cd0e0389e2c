import { randomBytes } from 'node:crypto';

/**
 * A marker that no startup file can print by chance. Its control characters are escaped in the
 * command line, so a startup file that echoes the command (`set -x`, tcsh's `set echo`) does
 * not print the marker either.
 */
export function newMarker(): string {
  return `\x1fslurmdeck:${randomBytes(9).toString('hex')}\x1f`;
}

export interface Unframed {
  /** Whether the marker was there, i.e. the remote command started. */
  found: boolean;
  /** What came after the marker: the command's own output (all of it when not found). */
  text: string;
  /** What came before it: banners and messages of the login shell's startup files. */
  noise: string;
}

/** Splits one output stream at the first marker; everything before it is not the command's. */
export function unframe(output: string, marker: string): Unframed {
  const at = output.indexOf(marker);
  if (at < 0) return { found: false, text: output, noise: '' };
  return { found: true, text: output.slice(at + marker.length), noise: output.slice(0, at) };
}

export interface UnframedBytes {
  found: boolean;
  bytes: Buffer;
  noise: string;
}

/** `unframe` for output kept as bytes: the marker is ASCII, found the same way. */
export function unframeBytes(output: Buffer, marker: string): UnframedBytes {
  const at = output.indexOf(marker, 0, 'latin1');
  if (at < 0) return { found: false, bytes: output, noise: '' };
  return {
    found: true,
    bytes: output.subarray(at + marker.length),
    noise: output.subarray(0, at).toString('utf8'),
  };
}
