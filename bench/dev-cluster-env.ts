import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { devRoot } from '../src/devcluster/index.js';

/** Benchmarks run as root on the dev cluster's controller-side client, like an admin's shell. */
export function useDevClusterClient(): void {
  const conf = join(devRoot(), 'client', 'slurm.conf');
  if (!existsSync(conf)) {
    console.error('the dev cluster is not up: run `slurmdeck dev-cluster up` (as root) first');
    process.exit(1);
  }
  process.env['SLURM_CONF'] = conf;
}
