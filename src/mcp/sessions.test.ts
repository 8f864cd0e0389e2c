import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeCluster, testDeps } from '../../test/helpers/mcp-fakes.js';
import type { ClusterHandle } from '../sites/index.js';
import type { McpDeps } from './deps.js';
import { sessionsOf } from './sessions.js';

let deps: McpDeps | undefined;
afterEach(async () => {
  await deps?.close();
});

describe('sessionsOf', () => {
  it('keeps one manager per cluster handle, and a new one when the config changes', async () => {
    const cluster = fakeCluster([]);
    const opened: Array<{ handle: ClusterHandle; ran: string[][] }> = [];
    const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-sessions-'));
    const configFile = join(dir, 'config.yaml');
    const config = (host: string) =>
      `clusters:\n  fake:\n    transport: ssh\n    host: ${host}\nnotify:\n  credentialsFile: ${join(dir, 'none.yaml')}\n`;
    writeFileSync(configFile, config('fake'));
    deps = testDeps(cluster, {
      configFile,
      openCluster: (name) => {
        const base = cluster.handle(name);
        const ran: string[][] = [];
        const handle: ClusterHandle = {
          ...base,
          transport: {
            ...base.transport,
            exec: async (argv, options) => {
              ran.push([...argv]);
              return base.transport.exec(argv, options);
            },
          },
        };
        opened.push({ handle, ran });
        return handle;
      },
    });
    const first = sessionsOf(deps).sessions;
    expect(sessionsOf(deps).sessions).toBe(first);
    expect(opened).toHaveLength(1);

    // The config changes (a new host): the cluster handle is replaced, and so is the manager.
    writeFileSync(configFile, config('fake2'));
    const second = sessionsOf(deps).sessions;
    expect(opened).toHaveLength(2);
    expect(second).not.toBe(first);
    await second.list();
    expect(opened[1]?.ran.length).toBeGreaterThan(0);
    expect(opened[0]?.ran).toEqual([]);
  });
});
