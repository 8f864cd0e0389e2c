import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteClusterFor } from '../sites/index.js';
import { openWorkspace } from './workspace.js';

describe('a workspace with site accounts', () => {
  it('reaches the workspace: --site sjtu -p a100 opens sylogin, a hand-written cluster wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdeck-site-ws-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      'sites:\n  sjtu: { user: alice }\nclusters:\n  sjtu-kp: { transport: ssh, host: my-arm-alias }\n',
    );
    const opened: string[] = [];
    const ws = openWorkspace({
      face: 'cli',
      configFile: file,
      db: undefined,
      defaultCluster: (c) => siteClusterFor(c, 'sjtu', { partition: 'a100' }),
      openCluster: (name, cluster) => {
        opened.push(`${name} ${cluster.transport === 'ssh' ? cluster.host : 'local'}`);
        return { name, config: cluster } as never;
      },
    });
    expect(ws.cluster().name).toBe('sjtu-sy');
    ws.cluster('sjtu-kp');
    // A data node by name (where data copies go), never listed among the clusters.
    ws.cluster('sjtu-sy-data');
    expect(opened).toEqual([
      'sjtu-sy sylogin.hpc.sjtu.edu.cn',
      'sjtu-kp my-arm-alias',
      'sjtu-sy-data sydata.hpc.sjtu.edu.cn',
    ]);
    expect(Object.keys(ws.config().clusters)).not.toContain('sjtu-sy-data');
    expect(() => ws.cluster('sjtu-xx-data')).toThrow(/no cluster named "sjtu-xx-data"/);
  });
});
