/* eslint-disable no-control-regex -- matching terminal control characters is the point here */
// Terminal control sequences, longest forms first: OSC (titles, hyperlinks), DCS/PM/APC strings,
// CSI (colours, cursor moves, bracketed-paste switches and markers), then two-byte escapes.
const OSC = /\x1b\][\s\S]*?(?:\x07|\x1b\\)/g;
const STRING_SEQUENCE = /\x1b[P^_X][\s\S]*?\x1b\\/g;
const CSI = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g;
const SHORT_ESCAPE = /\x1b[ -/]*[0-~]/g;
// A sequence cut off at the end of a page: the rest arrives with the next one.
const TRAILING_PARTIAL = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*|[ -/]*)?$/;
// Controls other than tab and newline (backspace is applied first).
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;

/**
 * What a terminal shows, as plain text: escapes and bracketed-paste codes removed, CRLF made
 * LF, a line rewritten with `\r` (progress bars) kept as its last state, backspaces applied.
 */
export function cleanTerminalText(raw: string): string {
  const text = raw
    .replace(OSC, '')
    .replace(STRING_SEQUENCE, '')
    .replace(CSI, '')
    .replace(TRAILING_PARTIAL, '')
    .replace(SHORT_ESCAPE, '')
    .replace(/\r+\n/g, '\n');
  return text
    .split('\n')
    .map((line) => {
      let kept = line;
      const cr = kept.lastIndexOf('\r', kept.length - 2);
      if (cr >= 0) kept = kept.slice(cr + 1);
      while (/[^\x08]\x08/.test(kept)) kept = kept.replace(/[^\x08]\x08/, '');
      return kept.replace(CONTROLS, '');
    })
    .join('\n');
}
