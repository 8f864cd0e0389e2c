import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeSjtuApi, type FakeSjtuApi } from '../../../test/helpers/fake-sjtu-api.js';
import { runCli } from '../program.js';

let fake: FakeSjtuApi;
const saved = process.env['XDG_CONFIG_HOME'];
const home = mkdtempSync(join(tmpdir(), 'sdeck-site-cli-'));

beforeAll(async () => {
  fake = await startFakeSjtuApi();
  process.env['XDG_CONFIG_HOME'] = home;
  mkdirSync(join(home, 'slurmdeck', 'sites'), { recursive: true });
  writeFileSync(
    join(home, 'slurmdeck', 'sites', 'sjtu-local.yaml'),
    `extends: sjtu\napi: { kind: sjtu, base: '${fake.base}' }\n`,
  );
});
afterAll(async () => {
  await fake.close();
  if (saved === undefined) delete process.env['XDG_CONFIG_HOME'];
  else process.env['XDG_CONFIG_HOME'] = saved;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  return { out, err };
}

const cli = (...args: string[]) =>
  runCli(['node', 'slurmdeck', '--site', 'sjtu-local', 'site', ...args]);

describe('slurmdeck site login / cert / quota against a local copy of the API', () => {
  it('refuses a password file others can read, and keeps it', async () => {
    const { err } = capture();
    const file = join(home, 'loose-password');
    writeFileSync(file, 'correct horse\n', { mode: 0o644 });
    expect(
      await cli('login', '--user', 'alice', '--password-file', file, '--remove-password-file'),
    ).not.toBe(0);
    expect(err.join('\n')).toContain(`chmod 600 ${file}`);
    expect(existsSync(file)).toBe(true);
  });

  it('logs in from a 0600 file it then removes, requests a certificate, reads the quota', async () => {
    const { out, err } = capture();
    const file = join(home, 'password');
    writeFileSync(file, 'correct horse\n', { mode: 0o600 });
    expect(
      await cli('login', '--user', 'alice', '--password-file', file, '--remove-password-file'),
    ).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(out.join('\n')).toContain('Logged in to sjtu-local as alice');

    expect(await cli('cert', 'request', '--valid-time', '600')).toBe(0);
    expect(err.join('\n')).toContain('Approve the request in your app or email now');
    expect(out.join('\n')).toContain(
      join(home, 'slurmdeck', 'credentials', 'sjtu-local', 'id_ed25519-cert.pub'),
    );

    out.length = 0;
    expect(await cli('quota', '--json')).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ user: 'alice', account: 'acct-hpc' });
    expect(out.join('\n') + err.join('\n')).not.toContain('correct horse');
  });
});
