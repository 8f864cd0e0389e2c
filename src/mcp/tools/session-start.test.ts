import { afterEach, describe, expect, it } from 'vitest';
import { connect, fakeCluster, testDeps } from '../../../test/helpers/mcp-fakes.js';
import type { McpDeps } from '../deps.js';

let deps: McpDeps | undefined;
afterEach(async () => {
  await deps?.close();
});

describe('session_start asks first: a session holds billed resources', () => {
  it('states the allocation and starts nothing without a yes', async () => {
    const ran: string[][] = [];
    const cluster = fakeCluster([]);
    deps = testDeps(cluster, {
      openCluster: (name) => {
        const handle = cluster.handle(name);
        const exec = handle.transport.exec;
        handle.transport = {
          ...handle.transport,
          exec: (argv, options) => {
            ran.push([...argv]);
            return exec(argv, options);
          },
        };
        return handle;
      },
    });
    const client = await connect(deps);
    const result = await client.callTool({
      name: 'session_start',
      arguments: { name: 'train', partition: 'gpu', gpus: 'a100:1', cpus: 4, time: '2:00:00' },
    });
    expect(result.structuredContent).toMatchObject({
      name: 'train',
      cluster: 'fake',
      status: 'confirmation_required',
      confirmToken: expect.stringMatching(/^confirm-/),
    });
    const summary = (result.structuredContent as { summary: string }).summary;
    expect(summary).toContain(
      "partition gpu, GPUs: a100:1 in all, 1 node(s), 1 task(s) x 4 CPU(s), memory (the partition's default), time limit 2:00:00",
    );
    expect(summary).toMatch(/until session_stop, its time limit\.$/);
    expect(ran).toEqual([]);
    expect(deps.audit.entries()).toEqual([]);

    const declining = await connect(deps, () => ({ action: 'decline' }));
    const declined = await declining.callTool({
      name: 'session_start',
      arguments: { name: 'train', partition: 'gpu' },
    });
    expect(declined.structuredContent).toMatchObject({ status: 'declined', name: 'train' });
    expect(ran).toEqual([]);
  });
});
