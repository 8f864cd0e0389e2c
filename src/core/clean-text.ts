/* eslint-disable no-control-regex -- matching terminal control characters is the point here */
// Terminal control sequences, longest forms first: OSC (titles, hyperlinks), DCS/PM/APC strings,
// CSI (colours, cursor moves, bracketed-paste switches and markers), then two-byte escapes.
const OSC = /\x1b\][\s\S]*?(?:\x07|\x1b\\)/g;
const STRING_SEQUENCE = /\x1b[P^_X][\s\S]*?\x1b\\/g;
const CSI = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g;
const SHORT_ESCAPE = /\x1b[ -/]*[0-~]/g;
// A sequence cut off at the end of a page: the rest arrives with the next one.
const TRAILING_PARTIAL = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*|[ -/]*)?$/;
// Controls other than tab and newline (backspace is applied first), C1 controls included.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// Bidi overrides and isolates (text that reads differently than it runs) and zero-width
// characters (which split words a reader, or a filter, would otherwise see).
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060-\u2064\ufeff]/g;

/**
 * What a terminal shows, as plain text: escapes and bracketed-paste codes removed, CRLF made
 * LF, a line rewritten with `\r` (progress bars) kept as its last state, backspaces applied.
 */
export function cleanTerminalText(raw: string): string {
  const text = stripSequences(raw).replace(/\r+\n/g, '\n');
  return text
    .split('\n')
    .map((line) => {
      let kept = line;
      const cr = kept.lastIndexOf('\r', kept.length - 2);
      if (cr >= 0) kept = kept.slice(cr + 1);
      while (/[^\x08]\x08/.test(kept)) kept = kept.replace(/[^\x08]\x08/, '');
      return kept.replace(CONTROLS, '').replace(INVISIBLE, '');
    })
    .join('\n');
}

function stripSequences(raw: string): string {
  return raw
    .replace(OSC, '')
    .replace(STRING_SEQUENCE, '')
    .replace(CSI, '')
    .replace(TRAILING_PARTIAL, '')
    .replace(SHORT_ESCAPE, '');
}

/**
 * One value from the cluster (a job or node name, a reason, a user, a path): any user of the
 * cluster can set most of them, so escapes, controls and bidi overrides go, and a line break or
 * tab becomes a space. What is left can be printed in a table or handed to a model.
 */
export function cleanClusterText(raw: string): string {
  return stripSequences(raw)
    .replace(/[\t\n\r]/g, ' ')
    .replace(CONTROLS, '')
    .replace(INVISIBLE, '');
}

/** A value as a person must see it before saying yes: every control shown, e.g. `\r`, `\x1b`. */
export function showControls(raw: string): string {
  const named: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t' };
  return raw.replace(
    /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060-\u2064\ufeff]/g,
    (c) => named[c] ?? `\\u{${c.codePointAt(0)?.toString(16).padStart(2, '0')}}`,
  );
}
