import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NodeRow, NodeStatus } from '../../admin/index.js';
import { isSlurmdeckError } from '../../core/errors.js';
import { parseFacts } from '../../admin/status/facts-frame.js';
import { parseNodeFacts } from '../../admin/status/node-facts.js';
import { nodeStatus } from '../../admin/status/node-status.js';
import { renderStatusRows } from './admin-format.js';
import { concurrencyOf, targetSpec } from './admin-options.js';

const facts = parseNodeFacts(
  parseFacts(
    readFileSync(new URL('../../admin/status/fixtures/node-healthy.txt', import.meta.url), 'utf8'),
    '@sdf-000000000000',
  ),
);
const status: NodeStatus = nodeStatus(
  { name: 'n1', address: '10.77.0.11', slurm: undefined },
  { ...facts, crossDecode: { ok: false, code: 14, message: 'unmunge: Error: Invalid credential' } },
  {
    confSha256: facts.conf.sha256,
    keySha256: 'f'.repeat(64),
    slurmKeySha256: undefined,
    authType: 'auth/munge',
  },
  { offsetS: -0.04, uncertaintyS: 0.2 },
);

describe('admin status table', () => {
  const rows: Array<NodeRow<NodeStatus>> = [
    { node: 'n1', outcome: 'ok', summary: 'munge key differs', detail: status },
    { node: 'n2', outcome: 'failed', summary: 'ssh to root@10.77.0.12 failed: Connection refused' },
  ];

  it('shows each check in its column and why a node could not be read, within 80 columns', () => {
    const table = renderStatusRows(rows, 80);
    const [header, n1, n2] = table.split('\n');
    expect(header).toMatch(/^NODE\s+SLURM\s+MUNGED\s+SLURMD\s+KEY\s+CONF\s+CLOCK\s+PORT\s+DECODE/);
    expect(n1).toMatch(/^n1\s+unknown\s+up \S+\s+up \S+\s+DIFFERS\s+same\s+-0\.0s\s+open\s+Invali/);
    expect(n2).toMatch(/^n2(\s+-){8}\s+failed:/);
    expect(renderStatusRows(rows, 200)).toContain(
      'failed: ssh to root@10.77.0.12 failed: Connection refused',
    );
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('admin options', () => {
  it('turns nodes, --all and --state into a target spec', () => {
    expect(targetSpec('n[1-3]', { state: 'idle*' })).toEqual({
      hostlist: 'n[1-3]',
      state: 'idle*',
    });
    expect(targetSpec(undefined, { all: true })).toEqual({ all: true });
  });

  it.each(['0', '257', '1.5', 'x'])('refuses --concurrency %s', (value) => {
    let error: unknown;
    try {
      concurrencyOf({ concurrency: value });
    } catch (caught) {
      error = caught;
    }
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('takes a --concurrency from 1 to 256, and none by default', () => {
    expect(concurrencyOf({ concurrency: '8' })).toBe(8);
    expect(concurrencyOf({})).toBeUndefined();
  });
});
