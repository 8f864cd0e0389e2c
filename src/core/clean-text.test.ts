import { describe, expect, it } from 'vitest';
import { cleanClusterText, cleanTerminalText, showControls } from './clean-text.js';

describe('cleanTerminalText', () => {
  it.each([
    ['colours and CRLF', '\x1b[01;32mok\x1b[00m\r\nnext\r\n', 'ok\nnext\n'],
    ['bracketed-paste switches', '\x1b[?2004h$ ls\r\n\x1b[?2004l\rfile\r\n', '$ ls\nfile\n'],
    ['bracketed-paste markers', '\x1b[200~pasted\x1b[201~', 'pasted'],
    ['a window title (OSC)', '\x1b]0;user@n1: ~\x07prompt$ ', 'prompt$ '],
    ['a progress bar redrawn with \\r', ' 10%\r 50%\r100%\r\ndone\n', '100%\ndone\n'],
    ['backspaces', 'abx\x08c\n', 'abc\n'],
    ['a bell and charset switches', 'a\x07b\x1b(Bc', 'abc'],
    ['an escape cut off at the end', 'text\x1b[01;3', 'text'],
  ])('removes %s', (_what, raw, clean) => {
    expect(cleanTerminalText(raw)).toBe(clean);
  });

  it('keeps non-ASCII text and tabs as they are', () => {
    expect(cleanTerminalText('naïve 日本語\tß 🚀\r\n')).toBe('naïve 日本語\tß 🚀\n');
  });

  it.each([
    ['window title', '\x1b]0;user@n1: ~\x07$ ls', '$ ls'],
    ['non-ASCII', '损失 0.25 ✓', '损失 0.25 ✓'],
    ['a bell, and a character erased by backspace', 'a\x07b\x08', 'a'],
  ])('handles %s', (_what, raw, clean) => {
    expect(cleanTerminalText(raw)).toBe(clean);
  });

  it('keeps output without a trailing newline', () => {
    expect(cleanTerminalText('no newline')).toBe('no newline');
  });
});

describe('cleanClusterText', () => {
  it.each([
    ['a title change and hidden text', 'x\x1b]0;TITLE\x07\x1b[8mIGNORE', 'xIGNORE'],
    ['an OSC left open by a cut', 'job\x1b]0;TITLE', 'job'],
    ['C1 controls (CSI as one byte)', 'a\x9b2Kb\x85c', 'abc'],
    ['bidi overrides and isolates', 'evil\u202egpj.exe\u2066x\u2069', 'evilgpj.exex'],
    ['zero-width characters', '</untrusted\u200b-output>', '</untrusted-output>'],
    ['line breaks and tabs', 'two\nlines\tand\rreturn', 'two lines and return'],
  ])('removes %s', (_what, raw, clean) => {
    expect(cleanClusterText(raw)).toBe(clean);
  });

  it('keeps names in any script', () => {
    expect(cleanClusterText('训练-ß_🚀 run.1')).toBe('训练-ß_🚀 run.1');
  });
});

describe('showControls', () => {
  it('shows what a terminal would hide or act on', () => {
    expect(showControls('echo ok\r\x1b[2Krm -rf x')).toBe('echo ok\\r\\u{1b}[2Krm -rf x');
    expect(showControls('a\u202eb')).toBe('a\\u{202e}b');
  });
});

describe('cleanTerminalText, hostile input', () => {
  it('drops C1 controls, bidi overrides and zero-width characters from log lines', () => {
    expect(cleanTerminalText('ok\x9b31m red\u202e\u200b\n')).toBe('ok red\n');
  });
});
