import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  encodeForPrintfB,
  findExecSlice,
  frameCommand,
  safeCut,
  stripFrames,
  tag,
} from './markers.js';

const marker = 'SLURMDECKabcd1234';
const id = '0f0f0f0f';

// The framed line as a shell reads it (here non-interactive; the integration tests use the pty).
const runFramed = (command: string, shell = 'bash') =>
  execFileSync(shell, ['-c', frameCommand(command, marker, id)], { encoding: 'utf8' });

// In a real terminal (util-linux `script` gives the shell a pty), as on the compute node.
const runFramedInPty = (command: string, before = '') =>
  execFileSync(
    'script',
    [
      '-qec',
      `${before}${frameCommand(command, marker, id, { probeFlowControl: true })}`,
      '/dev/null',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );

describe('frameCommand', () => {
  it('reports whether the terminal swallows ctrl-q, keeping the exit code', () => {
    const on = findExecSlice(Buffer.from(runFramedInPty('(exit 5)')), marker, id);
    expect(on).toMatchObject({ exitCode: 5, flowControl: true });
    const off = findExecSlice(Buffer.from(runFramedInPty('true', 'stty -ixon; ')), marker, id);
    expect(off).toMatchObject({ exitCode: 0, flowControl: false });
    // Not asked: nothing said.
    expect(findExecSlice(Buffer.from(runFramed('true')), marker, id).flowControl).toBeUndefined();
  });

  it('says nothing of flow control when ctrl-c ended the command (its marker has no answer)', () => {
    const chunk = Buffer.from(`${tag(marker)}B ${id}\r\n^C\r\n${tag(marker)}E ${id} 130 F\r\n$ `);
    const slice = findExecSlice(chunk, marker, id);
    expect(slice.exitCode).toBe(130);
    expect(slice.flowControl).toBeUndefined();
  });

  it('strips the end marker that carries the flow-control answer', () => {
    const raw = runFramedInPty('echo hi; (exit 2)');
    const { text, exitCodes } = stripFrames(raw, marker);
    expect(text.replace(/\r/g, '').trim()).toBe('hi');
    expect(exitCodes.get(id)).toBe(2);
  });

  it('types only printable ASCII, whatever the command holds', () => {
    const line = frameCommand('echo \'a\tb\'\nprintf "%s" naïve! \\ 日本', marker, id);
    expect(line).toMatch(/^[\x20-\x7e]+$/);
  });

  it('never contains the markers it prints', () => {
    const line = frameCommand('true', marker, id);
    expect(line).not.toContain(`${tag(marker)}B`);
    expect(line).not.toContain(`${tag(marker)}E`);
  });

  it.each(['bash', 'sh'])('runs the command exactly and reports its exit code (%s)', (shell) => {
    const command =
      "printf '%s\\n' 'tab\there' \"quote'd\" 'naïve 日本' '\\back'; exit_code=3; (exit $exit_code)";
    const out = Buffer.from(runFramed(command, shell));
    const slice = findExecSlice(out, marker, id);
    expect(slice.started).toBe(true);
    expect(slice.exitCode).toBe(3);
    expect(out.subarray(slice.outputStart, slice.outputEnd).toString()).toBe(
      "tab\there\nquote'd\nnaïve 日本\n\\back\n",
    );
  });

  it('types a plain command as it is, so the shell needs no fork to decode it', () => {
    const line = frameCommand('cd /tmp && echo "$((1 + 2))" > out; (exit 4)', marker, id);
    expect(line).toContain(`eval 'cd /tmp && echo "$((1 + 2))" > out; (exit 4)'`);
    expect(line).not.toContain('$(printf');
    const out = Buffer.from(runFramed('echo "$((1 + 2))"; (exit 4)'));
    const slice = findExecSlice(out, marker, id);
    expect(out.subarray(slice.outputStart, slice.outputEnd).toString()).toBe('3\n');
    expect(slice.exitCode).toBe(4);
  });

  it('decodes with printf only commands that hold a quote, backslash, ! or non-ASCII', () => {
    for (const command of ["echo 'x'", 'echo \\', 'echo hi!', 'echo é', 'a\nb']) {
      expect(frameCommand(command, marker, id)).toContain('eval "$(printf %b ');
    }
  });

  it('keeps output without a trailing newline apart from the end marker', () => {
    const out = Buffer.from(runFramed('printf no-newline'));
    const slice = findExecSlice(out, marker, id);
    expect(out.subarray(slice.outputStart, slice.outputEnd).toString()).toBe('no-newline');
    expect(slice.exitCode).toBe(0);
  });

  it('runs multi-line commands', () => {
    const out = Buffer.from(runFramed('for i in 1 2; do\n  echo "$i"\ndone'));
    const slice = findExecSlice(out, marker, id);
    expect(out.subarray(slice.outputStart, slice.outputEnd).toString()).toBe('1\n2\n');
  });
});

describe('encodeForPrintfB', () => {
  it('escapes quotes, backslashes, history marks and every non-ASCII byte', () => {
    expect(encodeForPrintfB("a'b\\c!é")).toBe('a\\0047b\\0134c\\0041\\0303\\0251');
  });
});

describe('findExecSlice', () => {
  it('reads the output and exit code out of pty text with CRLF and the echo', () => {
    const log = `$ ${frameCommand('ls', marker, id)}\r\n\x1b[?2004l\r\r\n${tag(marker)}B ${id}\r\nfile\r\n\r\n${tag(marker)}E ${id} 0\r\n$ `;
    const chunk = Buffer.from(log);
    const slice = findExecSlice(chunk, marker, id);
    expect(chunk.subarray(slice.outputStart, slice.outputEnd).toString()).toBe('file\r\n');
    expect(chunk.subarray(slice.after).toString()).toBe('$ ');
  });

  it('says not started before the begin marker and running before the end marker', () => {
    expect(findExecSlice(Buffer.from('$ echo'), marker, id).started).toBe(false);
    const running = findExecSlice(Buffer.from(`${tag(marker)}B ${id}\r\npartial`), marker, id);
    expect(running).toMatchObject({ started: true, exitCode: undefined, after: undefined });
  });
});

describe('safeCut', () => {
  it('takes whole lines while more is coming', () => {
    const chunk = Buffer.from('one\ntwo\nthr');
    expect(safeCut(chunk, 0, chunk.length, false)).toBe(8);
  });

  it('never splits a UTF-8 character or an escape sequence', () => {
    const text = Buffer.from('日本');
    expect(safeCut(text, 0, 4, true)).toBe(3);
    const esc = Buffer.from('ab\x1b[01;3');
    expect(safeCut(esc, 0, esc.length, true)).toBe(2);
    const done = Buffer.from('ab\x1b[0m');
    expect(safeCut(done, 0, done.length, true)).toBe(done.length);
  });
});

describe('stripFrames', () => {
  it('removes echoes and markers and collects exit codes', () => {
    const raw = `$ ${frameCommand('echo hi', marker, id)}\r\n\r\n${tag(marker)}B ${id}\r\nhi\r\n\r\n${tag(marker)}E ${id} 7\r\n$ `;
    const { text, exitCodes } = stripFrames(raw, marker);
    expect(text).toBe('hi\r\n$ ');
    expect(exitCodes.get(id)).toBe(7);
  });
});
