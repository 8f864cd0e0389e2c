import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../core/logger.js';
import { openDatabase } from '../store/index.js';
import { createMcpHttpHandler, type McpHttpHandler } from './http-handler.js';

const TOKEN = 'a'.repeat(43);
const URL_ = 'http://127.0.0.1:8377/mcp';
const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'handler-test', version: '1.0.0' },
  },
};

let handler: McpHttpHandler | undefined;
afterEach(async () => {
  await handler?.close();
  handler = undefined;
});

function open(options: { maxSessions?: number; idleMs?: number; now?: () => number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-mcp-http-'));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, `notify:\n  credentialsFile: ${join(dir, 'none.yaml')}\n`);
  handler = createMcpHttpHandler({
    configFile,
    db: openDatabase({ file: ':memory:' }),
    log: createLogger('silent'),
    backgroundWatch: false,
    stateDir: dir,
    token: TOKEN,
    maxBodyBytes: 64 * 1024,
    ...options,
  });
  return handler;
}

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request(URL_, {
    method: 'POST',
    body,
    headers: {
      host: '127.0.0.1:8377',
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      ...headers,
    },
  });

async function initialize(mcp: McpHttpHandler): Promise<string> {
  const response = await mcp.fetch(post(JSON.stringify(INIT)));
  expect(response.status).toBe(200);
  await response.text();
  const id = response.headers.get('mcp-session-id');
  if (!id) throw new Error('no session id');
  return id;
}

async function listTools(mcp: McpHttpHandler, session: string): Promise<number> {
  const response = await mcp.fetch(
    post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), {
      'mcp-session-id': session,
      'mcp-protocol-version': '2025-06-18',
    }),
  );
  await response.text();
  return response.status;
}

describe('the MCP HTTP handler', () => {
  it('opens a session on initialize and serves it', async () => {
    const mcp = open();
    const session = await initialize(mcp);
    expect(await listTools(mcp, session)).toBe(200);
    expect(mcp.sessions()).toBe(1);
  });

  it('keeps at most maxSessions, giving up the longest idle for a new one', async () => {
    const mcp = open({ maxSessions: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(await initialize(mcp));
      expect(mcp.sessions()).toBeLessThanOrEqual(3);
    }
    expect(await listTools(mcp, ids[0] as string)).toBe(404);
    expect(await listTools(mcp, ids[9] as string)).toBe(200);
  });

  it('closes a session idle too long, but not one whose event stream is open', async () => {
    let now = 0;
    const mcp = open({ idleMs: 60_000, now: () => now });
    const streaming = await initialize(mcp);
    const idle = await initialize(mcp);
    const stream = await mcp.fetch(
      new Request(URL_, {
        headers: {
          host: '127.0.0.1',
          authorization: `Bearer ${TOKEN}`,
          accept: 'text/event-stream',
          'mcp-session-id': streaming,
          'mcp-protocol-version': '2025-06-18',
        },
      }),
    );
    expect(stream.status).toBe(200);
    now += 61_000;
    await initialize(mcp);
    expect(await listTools(mcp, idle)).toBe(404);
    expect(mcp.sessions()).toBe(2);
    await stream.body?.cancel();
    now += 61_000;
    await initialize(mcp);
    expect(mcp.sessions()).toBe(1);
  });

  it('answers malformed JSON with -32700', async () => {
    const response = await open().fetch(post('{"jsonrpc": "2.0", '));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });

  it('answers a body over the limit with 413, declared or not', async () => {
    const mcp = open();
    const big = JSON.stringify({ ...INIT, pad: 'x'.repeat(100 * 1024) });
    expect((await mcp.fetch(post(big))).status).toBe(413);
    const chunks = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const undeclared = new Request(URL_, {
      method: 'POST',
      body: chunks,
      duplex: 'half',
      headers: { host: '127.0.0.1', authorization: `Bearer ${TOKEN}` },
    } as RequestInit);
    expect((await mcp.fetch(undeclared)).status).toBe(413);
  });

  it('refuses a request without the token before reading it', async () => {
    const response = await open().fetch(post('not json', { authorization: 'Bearer wrong' }));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});
