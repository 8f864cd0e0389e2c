import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { login, startServe, type ServeProcess } from '../helpers/serve-process.js';

const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-serve-login-')),
  SLURMDECK_LOG: 'warn',
};
const running: ServeProcess[] = [];

afterAll(async () => {
  for (const serve of running) if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
});

async function serve(): Promise<ServeProcess> {
  const started = await startServe(env, ['--no-dev-cluster']);
  running.push(started);
  return started;
}

async function stop(server: ServeProcess): Promise<void> {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

const clusters = (server: ServeProcess, cookie: string) =>
  fetch(`${server.url}/api/clusters`, { headers: { cookie } }).then((r) => r.status);

/** `slurmdeck serve login-link`, as a second terminal runs it: the link it prints. */
async function loginLink(args: string[] = []): Promise<string> {
  const result = await runCli(['serve', 'login-link', ...args], env);
  expect(result.code, result.stderr).toBe(0);
  const link = /^open (\S+)$/m.exec(result.stdout)?.[1];
  expect(link, result.stdout).toBeDefined();
  return link as string;
}

describe('browser logins across a restart of slurmdeck serve', () => {
  it('keeps a session cookie working after the server restarts', async () => {
    const first = await serve();
    const cookie = await login(first.loginUrl);
    expect(await clusters(first, cookie)).toBe(200);
    await stop(first);
    const second = await serve();
    expect(await clusters(second, cookie)).toBe(200);
    expect(await clusters(second, 'slurmdeck_session=forged')).toBe(401);
    await stop(second);
  }, 60_000);

  it('serve login-link prints a single-use link to the running server, and refuses when none runs', async () => {
    const server = await serve();
    const link = await loginLink();
    expect(new URL(link).origin).toBe(server.url);
    const cookie = await login(link);
    expect(await clusters(server, cookie)).toBe(200);
    await expect(login(link)).rejects.toThrow(/401/);
    // Behind a proxy, the address browsers use.
    expect(await loginLink(['--url', 'https://deck.example.org/'])).toMatch(
      /^https:\/\/deck\.example\.org\/login\?code=[\w-]{20,}$/,
    );
    await stop(server);
    const none = await runCli(['serve', 'login-link'], env);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/no running slurmdeck serve/);
  }, 60_000);
});
