import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');
const TOKEN = 'T'.repeat(43);
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-mcp-http-')),
  SLURMDECK_MCP_TOKEN: TOKEN,
};
const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'abandoning-client', version: '1.0.0' },
  },
});
const headers = {
  authorization: `Bearer ${TOKEN}`,
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
};

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/** `slurmdeck mcp --http` in its own process, on a free loopback port. */
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('node', [bin, 'mcp', '--http', '--port', '0', '--no-watch'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /MCP server on (\S+)/.exec(text);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${text}`)));
  });
  return { child, url };
}

/** A client that initializes and goes away without a word (killed agent, closed laptop). */
async function connectAndAbandon(url: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers, body: INIT });
  await response.text();
  expect(response.status).toBe(200);
  return response.headers.get('mcp-session-id') as string;
}

async function listTools(url: string, session: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
  });
  await response.text();
  return response.status;
}

describe('slurmdeck mcp --http under clients that never close their session', () => {
  let server: { child: ChildProcess; url: string };
  beforeAll(async () => void (server = await startServer()));
  afterAll(() => void server.child.kill('SIGTERM'));

  it('keeps the session count and memory bounded over hundreds of connect/abandon cycles', async () => {
    const { url, child } = server;
    const first = await connectAndAbandon(url);
    // Well past the cap of live sessions (64), and long enough for the heap to find its size:
    // what follows only replaces sessions.
    for (let i = 0; i < 300; i++) await connectAndAbandon(url);
    const settled = rssMb(child.pid as number);
    let last = '';
    for (let i = 0; i < 500; i++) last = await connectAndAbandon(url);
    const after = rssMb(child.pid as number);
    // Without the cap each session kept about 0.5 MB (more with today's tools): 500 more were
    // 250 MB and up. With it, RSS only moves with the garbage collector's rhythm, which grows
    // with the garbage a session leaves (up to about 110 MB seen on 2 loaded cores).
    expect(after - settled, `RSS ${settled.toFixed(0)} -> ${after.toFixed(0)} MB`).toBeLessThan(
      160,
    );
    expect(await listTools(url, first)).toBe(404);
    expect(await listTools(url, last)).toBe(200);
  }, 180_000);

  it('answers malformed JSON with -32700 and a 10 MB body with 413, over the socket', async () => {
    const { url } = server;
    const malformed = await fetch(url, { method: 'POST', headers, body: '{"jsonrpc":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const huge = await fetch(url, { method: 'POST', headers, body: 'x'.repeat(10 << 20) });
    expect(huge.status).toBe(413);
  });
});

describe('slurmdeck mcp --http on a port in use', () => {
  it('says PORT_IN_USE with a hint, not INTERNAL', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const { code, stderr } = await runCli(['mcp', '--http', '--port', String(port)], env);
      expect(stderr).toMatch(
        new RegExp(`^PORT_IN_USE: 127\\.0\\.0\\.1:${port} is already in use`, 'm'),
      );
      expect(stderr).toMatch(/^hint: .*--port/m);
      expect(code).toBe(6);
    } finally {
      taken.close();
    }
  });
});
