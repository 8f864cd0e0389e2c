// CSI (colours, cursor moves, bracketed paste), OSC (titles, hyperlinks) and other ESC sequences.
const ESCAPES =
  // eslint-disable-next-line no-control-regex
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]/g;

/**
 * Terminal output as plain text: escapes removed, `\r\n` as `\n`, and a line redrawn with `\r`
 * (progress bars) kept as its last state. Other control characters except tab go too.
 */
export function cleanTerminalText(raw: string): string {
  return raw
    .replace(ESCAPES, '')
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1))
    .join('\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ''); // eslint-disable-line no-control-regex
}
