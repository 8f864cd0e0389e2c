import { describe, expect, it } from 'vitest';
import { confServerOf } from './controller-source.js';
import { serviceArgv } from './daemon-service.js';
import type { AdminAccess } from '../access/admin-access.js';
import type { ControllerLayout } from './controller-source.js';
import { FileContent, type FileState } from './remote-file.js';
import {
  confMode,
  nodeConf,
  RECONFIGURE_STEP,
  refuseReplacingLinks,
  syncConfSteps,
} from './sync-conf.js';

const conf = (exists: boolean): FileState => ({
  path: '/etc/slurm/slurm.conf',
  exists,
  sha256: exists ? 'a'.repeat(64) : undefined,
  ownership: exists ? { owner: 'root', group: 'root', mode: '644' } : undefined,
  type: exists ? 'regular file' : undefined,
  dir: undefined,
});

describe('how a node gets its config', () => {
  it('is configless only when asked, served by the controller, and without a local slurm.conf', () => {
    expect(confMode(true, true, conf(false))).toBe('configless');
    expect(confMode(true, true, undefined)).toBe('configless');
    expect(confMode(true, true, conf(true))).toBe('copied');
    expect(confMode(false, true, conf(false))).toBe('copied');
    expect(confMode(true, false, conf(false))).toBe('copied');
  });
});

describe('sync-conf steps of one node', () => {
  const node = { mode: 'copied' as const, stale: [], cacheCurrent: undefined, pending: false };

  it('writes the stale files; nothing when every file is right', () => {
    expect(syncConfSteps({ ...node, stale: ['/etc/slurm/slurm.conf'] })).toEqual([
      'write /etc/slurm/slurm.conf',
    ]);
    expect(syncConfSteps(node)).toEqual([]);
  });

  it('reconfigures when an earlier run was killed after its writes, though every file is right', () => {
    expect(syncConfSteps({ ...node, pending: true })).toEqual([RECONFIGURE_STEP.pending]);
    expect(syncConfSteps({ ...node, stale: ['/etc/slurm/gres.conf'], pending: true })).toEqual([
      'write /etc/slurm/gres.conf',
    ]);
  });

  it('never writes to a configless node; reconfigures when its slurmd holds another config', () => {
    const configless = { ...node, mode: 'configless' as const };
    expect(syncConfSteps({ ...configless, cacheCurrent: true })).toEqual([]);
    expect(syncConfSteps({ ...configless, cacheCurrent: false })).toEqual([
      RECONFIGURE_STEP.configless,
    ]);
    // slurmd never fetched one: init's job, not a reconfigure's.
    expect(syncConfSteps({ ...configless, cacheCurrent: undefined })).toEqual([]);
    expect(syncConfSteps({ ...configless, cacheCurrent: true, pending: true })).toEqual([
      RECONFIGURE_STEP.pending,
    ]);
  });
});

describe('where a configless slurmd fetches its config', () => {
  const settings = (entries: Record<string, string>) => new Map(Object.entries(entries));

  it('takes the address in parentheses and the first port of a range, 6817 by default', () => {
    expect(confServerOf(settings({ slurmctldhost: 'ctl(10.77.0.2)' }))).toBe('10.77.0.2:6817');
    expect(confServerOf(settings({ slurmctldhost: 'ctl', slurmctldport: '6820-6823' }))).toBe(
      'ctl:6820',
    );
    expect(confServerOf(settings({ controlmachine: 'old', controladdr: '10.0.0.9' }))).toBe(
      '10.0.0.9:6817',
    );
  });

  it('names every SlurmctldHost, the primary first: slurmd falls back to a backup', () => {
    expect(confServerOf(settings({}), ['ctl1(10.0.0.1)', 'ctl2'])).toBe('10.0.0.1:6817,ctl2:6817');
  });

  it('is told to a configured service command after slurmd, never to systemctl or munged', () => {
    const dev = ['node', 'bin.js', 'dev-cluster', 'service'];
    expect(serviceArgv(dev, 'start', 'slurmd', 'ctl:6817')).toEqual([
      ...dev,
      'start',
      'slurmd',
      '--conf-server',
      'ctl:6817',
    ]);
    expect(serviceArgv(dev, 'restart', 'munged', 'ctl:6817')).toEqual([
      ...dev,
      'restart',
      'munged',
    ]);
    expect(serviceArgv(dev, 'stop', 'slurmd', 'ctl:6817')).toEqual([...dev, 'stop', 'slurmd']);
    expect(serviceArgv(undefined, 'start', 'slurmd', 'ctl:6817')).toEqual([
      'systemctl',
      'start',
      'slurmd',
    ]);
  });
});

describe('a node whose slurm.conf is a link (to shared storage)', () => {
  const access = { configless: false } as unknown as AdminAccess;
  const layout = { configless: false } as unknown as ControllerLayout;
  const file = {
    state: { ...conf(true), ownership: { owner: 'root', group: 'root', mode: '644' } },
    content: new FileContent(Buffer.from('ClusterName=x\n').toString('base64')),
  };
  const link = (sha256: string): FileState => ({
    ...conf(true),
    sha256,
    ownership: { owner: 'root', group: 'root', mode: '777' },
    type: 'symbolic link',
  });
  const target = { name: 'n1', address: '10.0.0.1', slurm: undefined };

  it('is fine when the file it points to is the controller’s, whatever the link’s own mode', () => {
    const node = nodeConf(access, layout, [file], [link(file.content.sha256)]);
    expect(node.stale).toEqual([]);
    expect(() => refuseReplacingLinks(node.linked, target)).not.toThrow();
  });

  it('is refused, not replaced by a copy, when the file it points to differs', () => {
    const node = nodeConf(access, layout, [file], [link('b'.repeat(64))]);
    expect(node.linked).toHaveLength(1);
    expect(() => refuseReplacingLinks(node.linked, target)).toThrow(
      /slurm\.conf on n1 is a symbolic link .* not replaced by a copy/,
    );
  });
});
