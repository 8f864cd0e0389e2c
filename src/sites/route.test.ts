import { describe, expect, it } from 'vitest';
import { siteProfile } from './profiles.js';
import { relaySiteProfile } from './fixtures/relay-site.js';
import { siteProfileSchema } from './profile-schema.js';
import { routeFor } from './route.js';

const sjtu = siteProfile('sjtu', { user: '/nonexistent' }).profile;

describe('routeFor on the sjtu profile', () => {
  it('sends a partition to its own group’s login node', () => {
    expect(routeFor('sjtu', sjtu, { target: { partition: 'a100' } })).toMatchObject({
      host: 'sylogin.hpc.sjtu.edu.cn',
      group: 'sy',
      kind: 'job',
    });
    expect(routeFor('sjtu', sjtu, { target: { partition: 'dgx2' } }).host).toBe(
      'pilogin.hpc.sjtu.edu.cn',
    );
    expect(routeFor('sjtu', sjtu, { target: { partition: 'arm128c256g' } }).host).toBe(
      'armlogin.hpc.sjtu.edu.cn',
    );
  });

  it('sends data work for a partition to the group’s data node', () => {
    const route = routeFor('sjtu', sjtu, { target: { partition: 'a800' }, for: 'data' });
    expect(route.host).toBe('sydata.hpc.sjtu.edu.cn');
  });

  it('routes a path by its pool, and says why', () => {
    const route = routeFor('sjtu', sjtu, { target: { path: '/dssg/home/acct-x/u/data' } });
    expect(route).toMatchObject({ host: 'sydata.hpc.sjtu.edu.cn', group: 'sy', pool: 'dssg' });
    expect(route.reasons.join('\n')).toContain('/dssg/home/acct-x/u/data is on pool dssg');
    const lustre = routeFor('sjtu', sjtu, { target: { path: '/lustre/home/acct-x/u' } });
    expect(lustre).toMatchObject({ host: 'data.hpc.sjtu.edu.cn', pool: 'lustre' });
  });

  it('writes cold storage only from a data node', () => {
    const data = routeFor('sjtu', sjtu, { target: { path: '/archive/home/acct-x/u' } });
    expect(data).toMatchObject({ kind: 'data', pool: 'archive', writable: true });
    const job = routeFor('sjtu', sjtu, { target: { storage: 'vault' }, for: 'job' });
    expect(job.writable).toBe(false);
    expect(job.reasons.join('\n')).toContain('read-only on job nodes');
  });

  it('prefers the group the caller names when a pool is seen by several', () => {
    const route = routeFor('sjtu', sjtu, { target: { storage: 'archive' }, group: 'sy' });
    expect(route.host).toBe('sydata.hpc.sjtu.edu.cn');
  });

  it('refuses what the site does not have, naming what it has', () => {
    expect(() => routeFor('sjtu', sjtu, { target: { partition: 'gpu' } })).toThrow(
      /no partition "gpu"/,
    );
    expect(() => routeFor('sjtu', sjtu, { target: { path: '/tmp/x' } })).toThrow(
      /on no storage pool/,
    );
    expect(() => routeFor('sjtu', sjtu, { target: { storage: 'scratch' } })).toThrow(
      /no storage pool "scratch"/,
    );
  });
});

describe('routeFor with host capabilities', () => {
  const profile = siteProfileSchema.parse({
    groups: {
      a: { partitions: ['p1'], entry: { job: 'login-a', data: 'dtn-a' } },
      b: { partitions: ['p2'], entry: { job: 'login-b', data: 'dtn-b' } },
    },
    storage: { cold: { mount: '/cold', tier: 'cold', writableFrom: 'data' } },
    hosts: { 'dtn-a': { capabilities: ['rsync', 'tmux'] } },
  });

  it('uses the preferred host when it allows the operation', () => {
    expect(routeFor('s', profile, { target: { path: '/cold/x' }, need: 'rsync' }).host).toBe(
      'dtn-a',
    );
  });

  it('moves to another group’s node when the first refuses', () => {
    const route = routeFor('s', profile, { target: { path: '/cold/x' }, need: 'exec' });
    expect(route.host).toBe('dtn-b');
    expect(route.reasons.join('\n')).toContain('dtn-a does not allow exec');
  });

  it('fails with the fix when no node allows it', () => {
    expect(() =>
      routeFor('s', profile, { target: { partition: 'p1' }, for: 'data', need: 'sftp' }),
    ).toThrow(/no data node of site s allows sftp/);
  });
});

describe('data work on a data node that runs no shell', () => {
  const profile = relaySiteProfile();

  it('relays a copy through the group’s job node, and says so', () => {
    const route = routeFor('s', profile, {
      target: { path: '/archive/u/x' },
      need: 'rsync',
      group: 'main',
    });
    expect(route).toMatchObject({
      host: 'dtn',
      writable: true,
      copyRelay: { runsOn: 'login', writer: 'dtn' },
    });
    expect(route.reasons.at(-1)).toContain(
      'a data copy runs inside tmux on login (job node of group main) as `rsync SRC dtn:DST`',
    );
  });

  it('needs no relay where the data node runs a shell, or for job work', () => {
    const open = siteProfileSchema.parse({ ...profile, hosts: {} });
    expect(routeFor('s', open, { target: { path: '/archive/x' } }).copyRelay).toBeUndefined();
    const job = routeFor('s', profile, { target: { partition: 'cpu' }, for: 'data' });
    expect(job.host).toBe('dtn');
    expect(routeFor('s', profile, { target: { path: '/archive/x' }, for: 'job' }).copyRelay).toBe(
      undefined,
    );
  });

  it('does not call a cold pool writable on a job node that stands in for a data node', () => {
    const route = routeFor('s', profile, { target: { path: '/archive/x' }, group: 'east' });
    expect(route).toMatchObject({ host: 'login2', writable: false });
    expect(route.reasons.join('\n')).toContain('pool archive is read-only on login2');
  });
});
