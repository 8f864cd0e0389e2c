import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call } from '../helpers/mcp-clients.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-serve-mcp-')),
  SLURMDECK_LOG: 'warn',
};

let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe(env);
}, 60_000);

afterAll(async () => {
  if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
});

async function token(name: string, role: string): Promise<string> {
  const created = await runCli(['serve', 'token', 'create', name, '--role', role], env);
  expect(created.code, created.stderr).toBe(0);
  return created.stdout.trim();
}

function clientFor(bearer: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${serve.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${bearer}` } },
  });
  return { client: new Client({ name: 'serve-mcp-test', version: '1.0.0' }), transport };
}

describe('MCP at /mcp of slurmdeck serve, over a real socket, against the dev cluster', () => {
  it('serves list_clusters and cluster_status to an operate token made by `serve token create`', async () => {
    const { client, transport } = clientFor(await token('agent', 'operate'));
    await client.connect(transport);
    try {
      const clusters = await call<{ clusters: Array<{ name: string }> }>(client, 'list_clusters');
      expect(clusters.data.clusters.map((c) => c.name)).toContain('dev');
      const status = await call<{
        freeGpus: number;
        partitions: Array<{ name: string; gpusByType: Record<string, { total: number }> }>;
      }>(client, 'cluster_status', { cluster: 'dev' });
      expect(status.isError, status.text).toBe(false);
      expect(status.data.partitions.find((p) => p.name === 'gpu')?.gpusByType['a100']?.total).toBe(
        8,
      );
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    }
  });

  it('refuses a read token and no token before any MCP session opens', async () => {
    const { client, transport } = clientFor(await token('viewer', 'read'));
    await expect(client.connect(transport)).rejects.toThrow(/role read; this needs operate/);
    const bare = await fetch(`${serve.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{}',
    });
    expect(bare.status).toBe(401);
  });

  it('stops cleanly on SIGTERM with an MCP session open', async () => {
    const { client, transport } = clientFor(await token('stayer', 'operate'));
    await client.connect(transport);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    await client.close().catch(() => undefined);
  });
});
