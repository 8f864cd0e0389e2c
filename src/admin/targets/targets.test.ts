import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../../core/errors.js';
import { inventoryArgv, parseInventory } from './node-inventory.js';
import { resolveTargets, type TargetSpec } from './resolve-targets.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
// Captured from the dev cluster (22.05.8) with inventoryArgv().
const healthy = parseInventory(fixture('sinfo-admin-22.05.txt'));
// Captured the same way with n2 drained by slurmdeck and n3's slurmd killed.
const broken = parseInventory(fixture('sinfo-admin-broken-22.05.txt'));

describe('parseInventory', () => {
  it('gives one node per name, with its address, state, version and reason', () => {
    expect(healthy.map((n) => [n.name, n.address, n.stateRaw, n.version, n.reason])).toEqual([
      ['n1', '10.77.0.11', 'mixed', '22.05.8', undefined],
      ['n2', '10.77.0.12', 'idle', '22.05.8', undefined],
      ['n3', '10.77.0.13', 'idle', '22.05.8', undefined],
    ]);
  });

  it('reads not responding and drained with their reasons', () => {
    expect(broken.map((n) => [n.name, n.state, n.responding, n.flags, n.reason])).toEqual([
      ['n1', 'mixed', true, [], undefined],
      ['n2', 'drained', true, ['DRAIN'], 'slurmdeck: test drain'],
      ['n3', 'idle', false, ['NOT_RESPONDING'], undefined],
    ]);
  });

  it('asks sinfo for every partition, one field per column', () => {
    expect(inventoryArgv().slice(0, 4)).toEqual(['sinfo', '-a', '-h', '-N']);
  });
});

describe('resolveTargets', () => {
  const names = (spec: TargetSpec) => resolveTargets(spec, broken).map((t) => t.name);

  it.each<[TargetSpec, string[]]>([
    [{ hostlist: 'n[1-3]' }, ['n1', 'n2', 'n3']],
    [{ hostlist: 'n3,n1' }, ['n3', 'n1']],
    [{ all: true }, ['n1', 'n2', 'n3']],
    [{ state: 'idle*' }, ['n3']],
    [{ state: 'idle' }, ['n3']],
    [{ state: 'idle*,down' }, ['n3']],
    [{ state: 'down' }, []],
    [{ state: 'drain' }, ['n2']],
    [{ state: 'drained,mixed' }, ['n1', 'n2']],
    [{ state: '*' }, ['n3']],
    [{ all: true, state: 'mixed' }, ['n1']],
    [{ hostlist: 'n[1-2]', state: 'idle*' }, []],
    [{ hostlist: 'n[2-3]', state: 'idle*,drain' }, ['n2', 'n3']],
  ])('%j selects %j', (spec, expected) => {
    expect(names(spec)).toEqual(expected);
  });

  it('reaches nodes by their NodeName when the admin settings say so', () => {
    expect(resolveTargets({ hostlist: 'n1,spare7' }, broken, 'NodeName')).toMatchObject([
      { name: 'n1', address: 'n1', slurm: { address: '10.77.0.11' } },
      { name: 'spare7', address: 'spare7', slurm: undefined },
    ]);
  });

  it('keeps a hostlist name Slurm does not know, reached by its name', () => {
    expect(resolveTargets({ hostlist: 'n1,spare7' }, broken)).toMatchObject([
      { name: 'n1', address: '10.77.0.11' },
      { name: 'spare7', address: 'spare7', slurm: undefined },
    ]);
  });

  it.each<[TargetSpec, RegExp]>([
    [{}, /no nodes given/],
    [{ hostlist: 'n1', all: true }, /not both/],
    [{ state: 'idel' }, /"idel" is not a Slurm node state/],
    [{ hostlist: 'n[1-' }, /never closed/],
  ])('refuses %j', (spec, message) => {
    let error: unknown;
    try {
      resolveTargets(spec, broken);
    } catch (caught) {
      error = caught;
    }
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
