import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { loadCredentials } from './credentials.js';

function write(content: string, mode: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'slurmdeck-cred-')), 'credentials.yaml');
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

describe('loadCredentials', () => {
  it('reads a 0600 YAML map of name: secret', () => {
    const creds = loadCredentials(write('ntfy: tk_abc\nport: 1234\n', 0o600));
    expect(creds.get('ntfy')).toBe('tk_abc');
    expect(creds.get('port')).toBe('1234');
    expect(creds.names()).toEqual(['ntfy', 'port']);
  });

  it('reads JSON too, and accepts stricter modes', () => {
    expect(loadCredentials(write('{"a": "b"}', 0o400)).get('a')).toBe('b');
  });

  it('refuses a 0644 file and says to chmod 600 it', () => {
    const file = write('a: b\n', 0o644);
    try {
      loadCredentials(file);
      expect.unreachable();
    } catch (error) {
      expect(isSlurmdeckError(error, 'CREDENTIALS_INSECURE')).toBe(true);
      expect((error as Error).message).toContain('mode 0644');
      expect((error as { hint?: string }).hint).toBe(`Run \`chmod 600 ${file}\`, then try again.`);
    }
  });

  it.each([0o640, 0o604, 0o660])('refuses mode %o', (mode) => {
    expect(() => loadCredentials(write('a: b\n', mode))).toThrow(/chmod 600|readable by others/);
  });

  it('gives no credentials when the file does not exist', () => {
    const creds = loadCredentials('/nonexistent/credentials.yaml');
    expect(creds.found).toBe(false);
    expect(creds.names()).toEqual([]);
  });

  it('does not quote the file when it is not valid YAML', () => {
    try {
      loadCredentials(write('a: "s3cret-value\nb: [', 0o600));
      expect.unreachable();
    } catch (error) {
      expect(isSlurmdeckError(error, 'CREDENTIALS_INVALID')).toBe(true);
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  it('refuses a list or nested values', () => {
    expect(() => loadCredentials(write('- a\n- b\n', 0o600))).toThrow(/map of name: secret/);
    expect(() => loadCredentials(write('a:\n  b: c\n', 0o600))).toThrow(/"a" is not a string/);
  });
});
