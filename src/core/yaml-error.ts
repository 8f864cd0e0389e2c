import type { YAMLError } from 'yaml';

const KEY_LINE = /^(\s*)(?:-\s+)?("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)\s*:(?:\s|$)/;

/** The key path a line sits under, read from indentation alone (the document did not parse). */
export function keyPathAt(text: string, line: number): string | undefined {
  const lines = text.split(/\r?\n/);
  const path: string[] = [];
  let indent = Infinity;
  for (let at = Math.min(line, lines.length) - 1; at >= 0 && indent > 0; at--) {
    const match = KEY_LINE.exec(lines[at] ?? '');
    if (!match) continue;
    const depth = (match[1] ?? '').length;
    if (depth >= indent) continue;
    indent = depth;
    path.unshift((match[2] ?? '').replace(/^["']|["']$/g, ''));
  }
  return path.length > 0 ? path.join('.') : undefined;
}

/**
 * A YAML syntax error told by position and key only: the parser's own message quotes the
 * offending line, and a config line may hold a password or token.
 */
export function describeYamlError(error: YAMLError, text: string): string {
  const what = error.message.split(/ at line \d+|\n/)[0]?.trim() || error.code;
  const start = error.linePos?.[0];
  if (!start) return what;
  const key = keyPathAt(text, start.line);
  return `line ${start.line}, column ${start.col}${key ? ` (under ${key})` : ''}: ${what}`;
}
