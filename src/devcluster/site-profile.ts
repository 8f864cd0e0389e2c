import { stringify } from 'yaml';
import type { ClusterLayout } from './layout.js';
import { EAST_PARTITION } from './site-partitions.js';
import { COLD_POOLS, EAST_MOUNT, SLURM_MODULE, sitePaths, UNION_MOUNT } from './site-paths.js';

/** The site name tests give the dev cluster's profile. */
export const DEV_SITE = 'devsite';

/**
 * The dev cluster as a site profile: group `main` (cpu, gpu) through the first login host with
 * the data host for data work, group `east` through the second login host (Slurm behind a
 * module), cold pools writable only from the data host, which runs nothing but rsync and tmux.
 */
export function devSiteProfile(layout: ClusterLayout): Record<string, unknown> {
  const { login, login2, data } = layout;
  const cold = Object.fromEntries(
    COLD_POOLS.map((p) => [
      p.name,
      { mount: p.mount, tier: 'cold', filesystem: 'tmpfs', writableFrom: 'data' },
    ]),
  );
  return {
    title: 'slurmdeck dev cluster (site-shaped)',
    timezone: 'UTC',
    groups: {
      main: {
        description: 'the first node group',
        partitions: ['cpu', 'gpu'],
        entry: { job: login.address, data: data.address },
        home: 'home',
      },
      [EAST_PARTITION]: {
        description: 'the second node group: its login host has Slurm behind a module',
        partitions: [EAST_PARTITION],
        entry: { job: login2.address },
        home: 'home',
      },
    },
    storage: {
      home: { mount: '/home', tier: 'hot' },
      east: { mount: EAST_MOUNT, tier: 'hot', groups: [EAST_PARTITION] },
      ...cold,
      union: {
        mount: UNION_MOUNT,
        tier: 'cold',
        filesystem: 'mergerfs',
        writableFrom: 'data',
        merges: COLD_POOLS.map((p) => p.name),
      },
    },
    hosts: {
      [data.address]: { capabilities: ['rsync', 'tmux'], note: `${data.name}: no shell` },
    },
    slurmSetup: `module load ${SLURM_MODULE}`,
  };
}

export function devSiteProfileYaml(layout: ClusterLayout): string {
  return `# Written by \`slurmdeck dev-cluster up\`: the dev cluster as a site.\n${stringify(devSiteProfile(layout))}`;
}

/** The site in cluster.json: its profile, and the second login host and the data host as the test user reaches them. */
export function devSiteInfo<Login extends { host: string }>(layout: ClusterLayout, login: Login) {
  const paths = sitePaths(layout.root);
  return {
    name: DEV_SITE,
    profileFile: paths.profile,
    login2: { ...login, host: layout.login2.address },
    data: { ...login, host: layout.data.address },
    /** Each cold pool's filesystem as this machine's own namespace sees it. */
    coldDirs: Object.fromEntries(COLD_POOLS.map((p) => [p.name, paths.cold(p.name)])),
    eastDir: paths.east,
  };
}
