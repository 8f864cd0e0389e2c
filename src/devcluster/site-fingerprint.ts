import { DATA_HOST_GATE } from './data-host.js';
import type { ClusterLayout } from './layout.js';
import { mergerfsArgv, siteMountScript, siteStorageHosts } from './site-mounts.js';
import { LAB_LIMITS, slurmModuleFile } from './site-paths.js';
import { devSiteProfileYaml } from './site-profile.js';

/** What the site-shaped part is made of, for the config fingerprint: a change rebuilds. */
export function siteFingerprintParts(layout: ClusterLayout): string[] {
  return [
    DATA_HOST_GATE,
    LAB_LIMITS.grpTresMins,
    slurmModuleFile(layout.root),
    devSiteProfileYaml(layout),
    ...siteStorageHosts(layout).map((host) => siteMountScript(layout, host)),
    ...siteStorageHosts(layout).map((host) => mergerfsArgv(host).join(' ')),
  ];
}
