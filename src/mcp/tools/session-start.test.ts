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

  it('checks the name, the options and the time limit before asking: no token for a start that would fail', async () => {
    const ran: string[][] = [];
    const cluster = fakeCluster([]);
    cluster.partitions.push({
      name: 'gpu',
      isDefault: false,
      availability: 'up',
      maxTimeSeconds: 86_400,
      nodes: [],
      cpus: { allocated: 0, idle: 0, other: 0, total: 0 },
      gpus: { allocated: 0, idle: 0, other: 0, total: 0 },
      gpusByType: {},
    });
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
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ name: 'a;touch x' }, /^INVALID_ARGUMENT: not a session name/],
      [{ name: 'train', exclude: ['n1;rm -rf ~'] }, /^INVALID_ARGUMENT: not a node name/],
      [{ name: 'train', mem: '--wrap=x' }, /^INVALID_ARGUMENT: --mem: not a valid value/],
      [
        { name: 'train', partition: 'gpu', time: '2-00:00:00' },
        /^INVALID_ARGUMENT: time limit 2-00:00:00 is over the partition's MaxTime \(gpu 1-00:00:00\)/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await client.callTool({ name: 'session_start', arguments: args });
      const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
      expect(result.isError, text).toBe(true);
      expect(text).toMatch(message);
      expect(result.structuredContent).toBeUndefined();
    }
    expect(ran).toEqual([]);
  });
});

describe('session_stop asks only for a stop that can happen', () => {
  it('refuses a name that is neither a session nor an orphan of ours, without a token', async () => {
    deps = testDeps(fakeCluster([]));
    const client = await connect(deps);
    const result = await client.callTool({ name: 'session_stop', arguments: { name: 'nosuch' } });
    const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
    expect(result.isError).toBe(true);
    expect(text).toMatch(/^SESSION_NOT_FOUND: no session named "nosuch"/);
    expect(result.structuredContent).toBeUndefined();
    const orphan = await client.callTool({
      name: 'session_stop',
      arguments: { name: 'sdk-train-abc123' },
    });
    expect(orphan.structuredContent).toMatchObject({ status: 'confirmation_required' });
  });
});
