import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-terminal-')),
  SLURMDECK_LOG: 'warn',
};
const SESSION = 'term-e2e';

let serve: ServeProcess;
let token: string;
let sessionLeft = false;

async function call(path: string, body?: unknown) {
  const res = await fetch(`${serve.url}${path}`, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Asks first, then again with the confirm token, as every client does. */
async function confirmed(path: string, body: Record<string, unknown>) {
  const asked = await call(path, body);
  return call(path, { ...body, confirmToken: asked.body['confirmToken'] });
}

/** A terminal client: what the screen showed so far, and a wait for some text on it. */
async function openTerminal(headers: Record<string, string> = {}) {
  const url = `${serve.url.replace('http', 'ws')}/api/clusters/dev/sessions/${SESSION}/terminal?cols=100&rows=30`;
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
  let screen = '';
  ws.on('message', (data: Buffer) => (screen += data.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return {
    ws,
    closed,
    type: (text: string) => ws.send(Buffer.from(text), { binary: true }),
    async see(text: string, ms = 20_000) {
      const end = Date.now() + ms;
      while (!screen.includes(text)) {
        if (Date.now() > end)
          throw new Error(
            `never saw ${JSON.stringify(text)} in ${JSON.stringify(screen.slice(-500))}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

beforeAll(async () => {
  serve = await startServe(env);
  const created = await runCli(['serve', 'token', 'create', 'term', '--role', 'operate'], env);
  expect(created.code, created.stderr).toBe(0);
  token = created.stdout.trim();
}, 60_000);

afterAll(async () => {
  if (sessionLeft) {
    await confirmed(`/api/clusters/dev/sessions/${SESSION}/stop`, {}).catch(() => undefined);
  }
  if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
}, 60_000);

describe('the live terminal over a real socket, against the dev cluster', () => {
  it("attaches to the session's own tmux pane: bytes both ways, resize, and a closed socket only detaches", async () => {
    const started = await confirmed('/api/clusters/dev/sessions', {
      name: SESSION,
      partition: 'cpu',
      time: '10',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    sessionLeft = true;
    const end = Date.now() + 120_000;
    for (;;) {
      const { body } = await call(`/api/clusters/dev/sessions/${SESSION}`);
      expect(body['phase']).not.toMatch(/failed|ended/);
      if (body['phase'] === 'ready') break;
      if (Date.now() > end) throw new Error('the session never got ready');
      await new Promise((r) => setTimeout(r, 500));
    }

    // A page of another site is refused at the handshake.
    await expect(openTerminal({ origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');

    const first = await openTerminal();
    first.type('X=kept-$((2*3)); echo "=$((6*7))="\r');
    await first.see('=42=');
    first.ws.send(JSON.stringify({ type: 'resize', cols: 123, rows: 40 }));
    // tmux redraws at the new size; the shell on the compute node sees it too.
    await new Promise((r) => setTimeout(r, 1000));
    first.type('echo "cols=$(tput cols)"\r');
    await first.see('cols=123');
    first.ws.close();
    await first.closed;

    const { body: status } = await call(`/api/clusters/dev/sessions/${SESSION}`);
    expect(status['phase']).toBe('ready');
    const second = await openTerminal();
    // The screen is there again as tmux draws it on attach, and the same shell still runs.
    await second.see('=42=');
    second.type('echo "<$X>"\r');
    await second.see('<kept-6>');
    second.ws.close();
    await second.closed;

    const admin = await runCli(['serve', 'token', 'create', 'auditor', '--role', 'admin'], env);
    const audit = await fetch(`${serve.url}/api/audit`, {
      headers: { authorization: `Bearer ${admin.stdout.trim()}` },
    });
    // Each attach is in the audit log, with the face and the token that opened it.
    const { entries } = (await audit.json()) as { entries: Array<Record<string, unknown>> };
    expect(entries.filter((e) => e['action'] === 'session.attach')).toEqual([
      expect.objectContaining({ face: 'http', actor: 'term', target: { name: SESSION } }),
      expect.objectContaining({ face: 'http', actor: 'term', target: { name: SESSION } }),
    ]);

    const stopped = await confirmed(`/api/clusters/dev/sessions/${SESSION}/stop`, {});
    expect(stopped.body).toMatchObject({ status: 'stopped' });
    sessionLeft = false;
  }, 240_000);
});
