import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../core/config.js';
import { siteCredentialsDir, writeCredentialFile } from './credential-files.js';
import { loadSiteProfiles } from './profiles.js';
import { relaySiteProfile } from './fixtures/relay-site.js';
import {
  siteClusterFor,
  siteClusters,
  siteCopyClusterFor,
  siteDataClusters,
} from './site-clusters.js';

const profiles = () => loadSiteProfiles({ user: '/nonexistent' });

describe('site accounts as clusters', () => {
  const config = configSchema.parse({
    sites: {
      sjtu: { user: 'alice', certificateFile: '~/.ssh/sjtu-cert.pub', group: 'pi' },
      pod: { profile: 'hkust-superpod', user: 'bob', sessions: { srunDefaults: ['--gpus=1'] } },
    },
  });

  it('opens one cluster per node group, through that group’s login node', () => {
    const clusters = siteClusters(config.sites, profiles);
    expect(Object.keys(clusters).sort()).toEqual(['pod-superpod', 'sjtu-kp', 'sjtu-pi', 'sjtu-sy']);
    expect(clusters['sjtu-sy']).toMatchObject({
      transport: 'ssh',
      host: 'sylogin.hpc.sjtu.edu.cn',
      user: 'alice',
      certificateFile: '~/.ssh/sjtu-cert.pub',
    });
  });

  it('opens each group’s own data node as a data cluster, without the Slurm setup', () => {
    const data = siteDataClusters(config.sites, profiles);
    expect(Object.keys(data).sort()).toEqual(['sjtu-kp-data', 'sjtu-pi-data', 'sjtu-sy-data']);
    expect(data['sjtu-sy-data']).toMatchObject({ host: 'sydata.hpc.sjtu.edu.cn', user: 'alice' });
    expect(data['sjtu-pi-data']).not.toHaveProperty('setup');
    // A copy into cold storage at sjtu runs on a data cluster that exists.
    const copy = siteCopyClusterFor(config, 'sjtu', '/archive/alice/x', profiles);
    expect(Object.keys(data)).toContain(copy.cluster);
  });

  it('gives sessions the site’s container flags for the account’s user, then the account’s own', () => {
    const pod = siteClusters(config.sites, profiles)['pod-superpod'];
    expect(pod?.sessions.srunDefaults).toEqual([
      '--container-mounts=/home/bob:/home/bob',
      '--container-remap-root',
      '--container-writable',
      '--no-container-mount-home',
      '--gpus=1',
    ]);
  });

  it('picks the group of the partition, else the account’s group', () => {
    expect(siteClusterFor(config, 'sjtu', { partition: 'a100' }, profiles)).toBe('sjtu-sy');
    expect(siteClusterFor(config, 'sjtu', {}, profiles)).toBe('sjtu-pi');
    expect(siteClusterFor(config, 'pod', {}, profiles)).toBe('pod-superpod');
  });

  it('says how to add a site that is not configured, and which partitions exist', () => {
    expect(() => siteClusterFor(config, 'mit', {}, profiles)).toThrow(/no account at site "mit"/);
    expect(() => siteClusterFor(config, 'sjtu', { partition: 'gpu' }, profiles)).toThrow(
      /no partition "gpu"/,
    );
  });
});

describe('a site account with stored credentials', () => {
  it('logs in with the key and certificate kept in the site’s credentials folder', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'sdeck-cred-')), 'credentials');
    const dir = siteCredentialsDir('sjtu', root);
    writeCredentialFile(join(dir, 'id_ed25519'), 'k');
    writeCredentialFile(join(dir, 'id_ed25519-cert.pub'), 'c');
    const sites = configSchema.parse({ sites: { sjtu: { user: 'alice' } } }).sites;
    expect(siteClusters(sites, profiles, root)['sjtu-pi']).toMatchObject({
      identityFile: join(dir, 'id_ed25519'),
      certificateFile: join(dir, 'id_ed25519-cert.pub'),
    });
    const own = configSchema.parse({ sites: { sjtu: { identityFile: '~/.ssh/mine' } } }).sites;
    expect(siteClusters(own, profiles, root)['sjtu-pi']).toMatchObject({
      identityFile: '~/.ssh/mine',
    });
  });
});

describe('where a data copy runs', () => {
  const devLike = relaySiteProfile();
  const own = () =>
    new Map([['dev', { name: 'dev', profile: devLike, file: '/x/dev.yaml', builtin: false }]]);
  const configOf = (group: string) => configSchema.parse({ sites: { dev: { user: 'u', group } } });

  it('runs on the job node and writes through a data node that runs no shell', () => {
    expect(siteCopyClusterFor(configOf('main'), 'dev', '/archive/u/x', own)).toEqual({
      cluster: 'dev-main',
      relay: { runsOn: 'login', writer: 'dtn' },
    });
  });

  it('goes to a group whose data node can write a cold pool, not the account’s job node', () => {
    expect(siteCopyClusterFor(configOf('east'), 'dev', '/archive/u/x', own)).toMatchObject({
      cluster: 'dev-main',
      relay: { writer: 'dtn' },
    });
    expect(siteCopyClusterFor(configOf('east'), 'dev', '/home/u/x', own)).toEqual({
      cluster: 'dev-east',
    });
  });
});
