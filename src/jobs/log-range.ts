import { SlurmdeckError } from '../core/errors.js';
import type { Transport } from '../transport/index.js';

// $1 file, $2 start byte (-1: the last $3 bytes), $3 max bytes. Prints "size start", then the
// bytes as base64 so a cut through a UTF-8 character is seen, not turned into U+FFFD.
const READ_RANGE = `f=$1; max=$3
[ -e "$f" ] || exit 3
[ -r "$f" ] || exit 4
size=$(wc -c < "$f") || exit 4
start=$2
if [ "$start" -lt 0 ]; then start=$((size - max)); [ "$start" -lt 0 ] && start=0; fi
echo "$size $start"
tail -c +$((start + 1)) -- "$f" | head -c "$max" | base64 | tr -d '\\n'`;

export interface LogRange {
  path: string;
  /** File size when read. */
  size: number;
  /** Byte offset of the first byte returned. */
  start: number;
  /** Byte offset to read on from (pass it back as the cursor). */
  next: number;
  text: string;
  /** More bytes wait past `next`. */
  more: boolean;
}

/** How many bytes at the end of `bytes` are an incomplete UTF-8 character. */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Up to `maxBytes` of a file on the cluster, from byte `cursor`, or the end of it when `cursor`
 * is undefined (then starting at a line). One command; the cursor is exact in bytes.
 */
export async function readLogRange(
  transport: Transport,
  path: string,
  cursor: number | undefined,
  maxBytes: number,
): Promise<LogRange> {
  const result = await transport.exec(
    ['sh', '-c', READ_RANGE, 'sh', path, String(cursor ?? -1), String(maxBytes)],
    { timeoutMs: 20_000 },
  );
  if (result.exitCode === 3 || result.exitCode === 4) {
    throw new SlurmdeckError(
      'JOB_NOT_FOUND',
      `output file ${path} ${result.exitCode === 3 ? 'does not exist (yet)' : 'cannot be read'}`,
      {
        hint:
          result.exitCode === 3
            ? 'A job writes its output once it starts; wait for its started event, or check the path with job_details.'
            : 'The file belongs to another user or its folder is not readable.',
      },
    );
  }
  const newline = result.stdout.indexOf('\n');
  const [size, start] = result.stdout.slice(0, newline).trim().split(' ').map(Number);
  if (result.exitCode !== 0 || newline < 0 || !Number.isFinite(size) || !Number.isFinite(start)) {
    throw new SlurmdeckError('SLURM_PARSE', `could not read ${path}: ${result.stderr.trim()}`);
  }
  let bytes = Buffer.from(result.stdout.slice(newline + 1), 'base64');
  let first = start as number;
  if (cursor === undefined && first > 0) {
    // A tail starts at a whole line.
    const at = bytes.indexOf(0x0a);
    if (at >= 0 && at < bytes.length - 1) {
      bytes = bytes.subarray(at + 1);
      first += at + 1;
    }
  }
  const cut = bytes.length - incompleteTail(bytes);
  const next = first + cut;
  return {
    path,
    size: size as number,
    start: first,
    next,
    text: bytes.subarray(0, cut).toString('utf8'),
    more: next < (size as number),
  };
}
