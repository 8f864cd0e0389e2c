import { describe, expect, it } from 'vitest';
import { createStartSplitter } from './terminal.js';

const MARKER = '\x1fslurmdeck-tty:abc\x1f';

describe('createStartSplitter', () => {
  it("drops what startup files print and reads the pty's path from the marker line", () => {
    const splitter = createStartSplitter(MARKER);
    expect(splitter.push(Buffer.from('Welcome to the cluster\r\n\x1fslurmdeck'))).toHaveLength(0);
    expect(splitter.pty()).toBeUndefined();
    const screen = splitter.push(Buffer.from('-tty:abc\x1f/dev/pts/7\r\n\x1b[H\x1b[2Jprompt$ '));
    expect(splitter.pty()).toBe('/dev/pts/7');
    expect(screen.toString()).toBe('\x1b[H\x1b[2Jprompt$ ');
    expect(splitter.push(Buffer.from('more')).toString()).toBe('more');
  });

  it('keeps what was printed without a marker, to say why the attach failed', () => {
    const splitter = createStartSplitter(MARKER);
    splitter.push(Buffer.from("the session's tmux is gone\r\n"));
    expect(splitter.pty()).toBeUndefined();
    expect(splitter.unframed()).toContain('tmux is gone');
  });
});
