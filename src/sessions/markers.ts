/**
 * Framing of commands typed into the session's shell. Each command is sent as one line of
 * printable ASCII (so readline neither completes on tabs nor splits on newlines), and prints
 * a begin marker and an end marker carrying its exit code. The markers are built by printf from
 * pieces, so the echo of the typed line never matches them.
 */
export const tag = (marker: string) => `@@${marker}@@`;

const SAFE_BYTE = (byte: number) =>
  byte >= 0x20 && byte <= 0x7e && byte !== 0x27 && byte !== 0x5c && byte !== 0x21;

/** The command as an argument to `printf %b`: every byte outside plain ASCII as `\0NNN`. */
export function encodeForPrintfB(command: string): string {
  let out = '';
  for (const byte of Buffer.from(command, 'utf8')) {
    out += SAFE_BYTE(byte) ? String.fromCharCode(byte) : `\\0${byte.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/**
 * The command as one word of the typed line. Plain printable ASCII goes in single quotes as it
 * is; anything else is decoded by `printf %b` in a command substitution, which costs the shell
 * a fork, so only commands that need it pay for it.
 */
function quoteForLine(command: string): string {
  const plain = [...Buffer.from(command, 'utf8')].every(SAFE_BYTE);
  return plain ? `'${command}'` : `"$(printf %b '${encodeForPrintfB(command)}')"`;
}

/**
 * The line typed into the shell for one command. `eval` keeps shell state (cd, export, conda
 * activate); the INT trap prints the end marker when ctrl-c aborts the command (bash drops the
 * rest of the line then).
 */
export function frameCommand(
  command: string,
  marker: string,
  id: string,
  options: { probeFlowControl?: boolean } = {},
): string {
  const end = `printf '\\n@@%s@@E %s %s${options.probeFlowControl ? ' F%s' : ''}\\n' ${marker} ${id}`;
  return [
    `trap "${end} 130; trap - INT" INT`,
    `printf '\\n@@%s@@B %s\\n' ${marker} ${id}`,
    `eval ${quoteForLine(command)}`,
    `${end} "$?"${options.probeFlowControl ? ` "${FLOW_CONTROL_PROBE}"` : ''}`,
    'trap - INT',
  ].join('; ');
}

/**
 * 1 when the session's terminal has output flow control on (`stty ixon`, the default), so the
 * ctrl-q nudges of a fast exec are swallowed by the terminal; 0 when off or unknown. Expanded
 * after "$?", so the command's exit code is kept.
 */
const FLOW_CONTROL_PROBE = `$({ stty -a | tr ' ' '\\n' | grep -cx ixon; } 2>/dev/null)`;

/** What one exec's slice of the log holds. Offsets are byte offsets into `chunk`. */
export interface ExecSlice {
  /** The begin marker was seen: output starts at `outputStart`. */
  started: boolean;
  outputStart: number;
  /** Where the output ends (before the newline the end marker brings). */
  outputEnd: number | undefined;
  /** Just past the end marker line. */
  after: number | undefined;
  exitCode: number | undefined;
  /** What the end marker says of the terminal's flow control, when the frame asked. */
  flowControl?: boolean;
}

export function findExecSlice(chunk: Buffer, marker: string, id: string): ExecSlice {
  const begin = Buffer.from(`${tag(marker)}B ${id}`);
  const at = chunk.indexOf(begin);
  if (at < 0) {
    return {
      started: false,
      outputStart: 0,
      outputEnd: undefined,
      after: undefined,
      exitCode: undefined,
    };
  }
  const outputStart = skipNewline(chunk, at + begin.length);
  const end = findEnd(chunk, marker, id, outputStart);
  return { started: true, outputStart, ...end };
}

function findEnd(chunk: Buffer, marker: string, id: string, from: number) {
  const endMarker = Buffer.from(`${tag(marker)}E ${id} `);
  const at = chunk.indexOf(endMarker, from);
  const none = { outputEnd: undefined, after: undefined, exitCode: undefined };
  if (at < 0) return none;
  const lineEnd = chunk.indexOf(0x0a, at);
  if (lineEnd < 0) return none;
  const [codeText, flow] = chunk
    .subarray(at + endMarker.length, lineEnd)
    .toString()
    .split(' ');
  const code = Number.parseInt(codeText ?? '', 10);
  // The end marker starts with a newline of ours: the output is what comes before it.
  let outputEnd = at;
  if (outputEnd > from && chunk[outputEnd - 1] === 0x0a) outputEnd--;
  while (outputEnd > from && chunk[outputEnd - 1] === 0x0d) outputEnd--;
  return {
    outputEnd,
    after: lineEnd + 1,
    exitCode: Number.isNaN(code) ? undefined : code,
    // F0/F1 only: the INT trap's marker (ctrl-c) carries no answer.
    ...(flow?.trim() === 'F1' || flow?.trim() === 'F0'
      ? { flowControl: flow.trim() === 'F1' }
      : {}),
  };
}

function skipNewline(chunk: Buffer, at: number): number {
  let i = at;
  while (chunk[i] === 0x0d) i++;
  return chunk[i] === 0x0a ? i + 1 : i;
}

/**
 * Where a slice of output may be cut without splitting a character or an escape sequence.
 * With more to come (`complete` false) only whole lines are taken when there are any.
 */
export function safeCut(chunk: Buffer, start: number, end: number, complete: boolean): number {
  if (end <= start) return start;
  if (!complete) {
    const newline = chunk.lastIndexOf(0x0a, end - 1);
    if (newline >= start) return newline + 1;
  }
  let cut = end;
  // Hold back an escape sequence that has not ended yet.
  const esc = chunk.lastIndexOf(0x1b, cut - 1);
  if (esc >= start && cut - esc < 64 && !/[@-~]/.test(chunk.subarray(esc + 2, cut).toString())) {
    cut = esc;
  }
  // Hold back the first bytes of a UTF-8 character whose last bytes have not arrived.
  let lead = cut - 1;
  while (lead >= start && lead > cut - 4 && (chunk[lead]! & 0xc0) === 0x80) lead--;
  if (lead >= start) {
    const byte = chunk[lead]!;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (lead + length > cut) cut = lead;
  }
  return cut;
}

/**
 * The session's raw output as a reader sees it: our frames taken out (the typed lines' echo,
 * begin and end markers, start-up markers), the exit codes of finished commands collected.
 */
export function stripFrames(
  raw: string,
  marker: string,
): { text: string; exitCodes: Map<string, number> } {
  const t = tag(marker);
  const exitCodes = new Map<string, number>();
  const endMarker = new RegExp(`\\r*\\n?${t}E ([0-9a-f]+) (\\d+)(?: F\\d*)?\\r*(?:\\n|$)`, 'g');
  let text = raw.replace(endMarker, (_m, id: string, code: string) => {
    exitCodes.set(id, Number(code));
    return '';
  });
  text = text.replace(new RegExp(`\\r*\\n?${t}B [0-9a-f]+\\r*(?:\\n|$)`, 'g'), '');
  // Start-up markers, and echoed typed lines (they hold the marker pattern with %s; older
  // versions typed `@@SDK%s@@`).
  const ours = new RegExp(`[^\\n]*(?:${t}|@@(?:SDK)?%s@@)[^\\n]*(?:\\n|$)`, 'g');
  text = text.replace(ours, '');
  return { text, exitCodes };
}
