import { adminAccessInfo } from './admin-ssh.js';
import { sharedPaths, type ClusterLayout } from './layout.js';
import { devSiteInfo } from './site-profile.js';

/** What a client needs to reach the dev cluster; written to cluster.json for tests and tools. */
export function clusterInfo(layout: ClusterLayout) {
  const paths = sharedPaths(layout.root);
  const login = {
    host: layout.login.address,
    port: 22,
    user: layout.testUser,
    identityFile: paths.userKey,
    knownHostsFile: paths.knownHosts,
  };
  return {
    name: layout.clusterName,
    login,
    /** The same login host as the test user whose login shell is tcsh. */
    tcshLogin: { ...login, user: layout.tcshUser },
    controller: { name: layout.controller.name, address: layout.controller.address },
    computes: layout.computes.map((c) => ({ name: c.name, address: c.address })),
    slurmConf: paths.clientConf,
    /** Root on the controller and on the compute hosts, for `slurmdeck admin`. */
    admin: adminAccessInfo(layout),
    site: devSiteInfo(layout, login),
  };
}

export type DevClusterInfo = ReturnType<typeof clusterInfo>;

/** Lines a shell can eval so plain sinfo/squeue/sbatch talk to the dev cluster. */
export function envScript(layout: ClusterLayout): string {
  const paths = sharedPaths(layout.root);
  return `export SLURM_CONF=${paths.clientConf}\n`;
}
