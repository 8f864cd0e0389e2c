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

// Each test runs the whole CLI in this process: its first command imports every command module.
describe(
  'slurmdeck site login / cert / account / quota against a local copy of the API',
  { timeout: 30_000 },
  () => {
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
      out.length = 0;
      expect(await cli('quota')).toBe(0);
      expect(out.join('\n')).toBe(
        'storage of user alice: 12.0G of 500G\nstorage of account acct-hpc: 12.0G of 500G',
      );
      expect(out.join('\n') + err.join('\n')).not.toContain('correct horse');
    });

    it('changes the account after the approval, a new password from a file, and never prints it', async () => {
      const { out, err } = capture();
      const login = join(home, 'login-password');
      writeFileSync(login, 'correct horse\n', { mode: 0o600 });
      expect(await cli('login', '--user', 'alice', '--password-file', login)).toBe(0);
      fake.settings.manualApproval = true;
      try {
        const file = join(home, 'new-password');
        writeFileSync(file, 'battery staple 2\n', { mode: 0o600 });
        const running = cli(
          'account',
          'update',
          '--email',
          'alice@sjtu.edu.cn',
          '--contact',
          'email',
          '--password-file',
          file,
          '--remove-password-file',
        );
        // The change waits for the approval, then goes through.
        await vi.waitFor(() => expect(err.join('\n')).toContain('Approve the request'), {
          timeout: 5000,
        });
        expect(fake.settings.users['alice']?.email).toBeUndefined();
        fake.approve();
        expect(await running).toBe(0);
        expect(fake.settings.users['alice']).toMatchObject({
          email: 'alice@sjtu.edu.cn',
          contact: 'email',
          password: 'battery staple 2',
        });
        expect(existsSync(file)).toBe(false);
        expect(out.join('\n')).toContain(
          'Changed at sjtu-local for alice: email, contact, password.',
        );

        // Refused on the phone: nothing changes, and the user is told.
        const refused = cli('account', 'update', '--jaccount', 'alice2');
        await vi.waitFor(() => expect(fake.requests.at(-1)?.method).toBe('PATCH'), {
          timeout: 5000,
        });
        fake.refuse();
        expect(await refused).not.toBe(0);
        expect(fake.settings.users['alice']?.jaccount).toBeUndefined();
        expect(out.join('\n') + err.join('\n')).not.toContain('battery staple');
        expect(
          fake.requests.filter((r) => r.method === 'PATCH' && r.path === '/user'),
        ).toHaveLength(2);
      } finally {
        fake.settings.manualApproval = false;
        fake.settings.users['alice'] = {
          password: 'correct horse',
          home: '/lustre/home/acct-hpc/alice',
        };
      }
    });

    it('refuses an unknown contact, a bad email or nothing to change before asking the site', async () => {
      const { err } = capture();
      const before = fake.requests.length;
      expect(await cli('account', 'update', '--contact', 'pigeon')).not.toBe(0);
      expect(await cli('account', 'update', '--email', 'not-an-address')).not.toBe(0);
      expect(await cli('account', 'update')).not.toBe(0);
      expect(err.join('\n')).toMatch(
        /--contact pigeon is not a channel[\s\S]*email, jaccount, phone/,
      );
      expect(err.join('\n')).toContain('nothing to change');
      expect(fake.requests.slice(before).filter((r) => r.method === 'PATCH')).toEqual([]);
    });
  },
);
