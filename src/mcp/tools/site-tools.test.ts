import { afterEach, describe, expect, it } from 'vitest';
import { connect, fakeCluster, testDeps } from '../../../test/helpers/mcp-fakes.js';
import { createCopyStore } from '../../sites/index.js';
import type { McpDeps } from '../deps.js';

let deps: McpDeps | undefined;
afterEach(async () => {
  await deps?.close();
});

describe('site tools', () => {
  it('site_route says which node and why, and maps a path to another pool', async () => {
    deps = testDeps(fakeCluster([]));
    const client = await connect(deps);
    const byPartition = await client.callTool({
      name: 'site_route',
      arguments: { site: 'sjtu', partition: 'a100' },
    });
    expect(byPartition.structuredContent).toMatchObject({
      host: 'sylogin.hpc.sjtu.edu.cn',
      group: 'sy',
      kind: 'job',
    });
    const byPath = await client.callTool({
      name: 'site_route',
      arguments: { site: 'sjtu', path: '/lustre/home/acct-hpc/u/data', mapTo: 'archive' },
    });
    expect(byPath.structuredContent).toMatchObject({
      host: 'data.hpc.sjtu.edu.cn',
      pool: 'lustre',
      mappedPath: '/archive/home/acct-hpc/u/data',
    });
    const twice = await client.callTool({
      name: 'site_route',
      arguments: { site: 'sjtu', partition: 'a100', path: '/x' },
    });
    expect(twice.isError).toBe(true);
  });

  it('data_copy asks first, naming what is overwritten, and starts nothing', async () => {
    const cluster = fakeCluster([]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const first = await client.callTool({
      name: 'data_copy',
      arguments: { source: '/scratch/u/results/', target: '/home/u/results/' },
    });
    expect(first.structuredContent).toMatchObject({
      status: 'confirmation_required',
      cluster: 'fake',
      target: '/home/u/results/',
      summary: expect.stringContaining('files there that differ are overwritten'),
    });
    expect(createCopyStore(deps.db).list()).toEqual([]);
  });

  it('credentials_status never offers to take a password', async () => {
    deps = testDeps(fakeCluster([]));
    const client = await connect(deps);
    const tools = await client.listTools();
    const tool = tools.tools.find((t) => t.name === 'credentials_status');
    expect(tool?.description).toContain('never takes a password');
    expect(JSON.stringify(tool?.inputSchema)).not.toMatch(/password/i);
  });
});
