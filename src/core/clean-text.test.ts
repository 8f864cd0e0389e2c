import { describe, expect, it } from 'vitest';
import { cleanTerminalText } from './clean-text.js';

describe('cleanTerminalText', () => {
  it.each([
    ['colours', '\x1b[1;31merror\x1b[0m: bad', 'error: bad'],
    ['bracketed paste', '\x1b[?2004hprompt$ \x1b[?2004l', 'prompt$ '],
    ['window title', '\x1b]0;user@n1: ~\x07$ ls', '$ ls'],
    ['CRLF', 'a\r\nb\r\n', 'a\nb\n'],
    ['progress bar redraws', '10%\r50%\r100%\ndone', '100%\ndone'],
    ['non-ASCII', '损失 0.25 ✓', '损失 0.25 ✓'],
    ['tabs stay', 'a\tb', 'a\tb'],
    ['bell and backspace go', 'a\x07b\x08', 'ab'],
  ])('strips %s', (_name, raw, clean) => {
    expect(cleanTerminalText(raw)).toBe(clean);
  });
});
