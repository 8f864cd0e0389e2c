import { describe, expect, it } from 'vitest';
import { withAddedNodes } from './added-nodes-conf.js';
import { slurmConf } from './config-files.js';
import { computePlan, currentLayout, planCluster } from './layout.js';

const root = '/var/lib/slurmdeck-test';
const base = slurmConf(planCluster(root, 3));

describe('withAddedNodes', () => {
  it('leaves the conf as it was when no host was added', () => {
    expect(withAddedNodes(base, [])).toBe(base);
  });

  it('adds node lines before the partitions and the added hosts in a partition of their own', () => {
    const conf = withAddedNodes(base, [computePlan(root, 4), computePlan(root, 16)]);
    const lines = conf.split('\n');
    const n4 = lines.findIndex((l) => l.startsWith('NodeName=n4 '));
    expect(lines[n4]).toBe('NodeName=n4 NodeAddr=10.77.0.14 CPUs=4 RealMemory=4000 State=UNKNOWN');
    expect(lines[n4 + 1]).toMatch(/^NodeName=n16 NodeAddr=10\.77\.0\.26 /);
    expect(lines.findIndex((l) => l.startsWith('PartitionName='))).toBe(n4 + 2);
    expect(lines.filter((l) => l.startsWith('PartitionName=cpu'))).toEqual(
      base.split('\n').filter((l) => l.startsWith('PartitionName=cpu')),
    );
    expect(conf.endsWith('PartitionName=added Nodes=n4,n16 MaxTime=1-00:00:00 State=UP\n')).toBe(
      true,
    );
  });

  it("the current layout is up's with the added hosts after its own", () => {
    const layout = currentLayout(root, { nodes: 3, added: ['n4'] });
    expect(layout.computes.map((c) => c.name)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(currentLayout(root, { nodes: 3 }).computes).toEqual(planCluster(root, 3).computes);
  });
});
