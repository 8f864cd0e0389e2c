import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { saveCluster } from '../../src/core/config.js';
import { clusterInfo, devClusterUp, devRoot } from '../../src/devcluster/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A config file naming the dev cluster "dev", so tests never touch the developer's own. */
    configFile: string;
    devRoot: string;
  }
}

/** One real dev cluster for the whole run: brought up (or found up) once, left up afterwards. */
export default async function setup(project: TestProject): Promise<void> {
  const root = devRoot();
  const result = await devClusterUp({
    root,
    nodes: 3,
    log: (line) => process.stderr.write(`dev-cluster: ${line}\n`),
  });
  const info = clusterInfo(result.layout);
  mkdirSync(join(root, 'test'), { recursive: true });
  const configFile = join(root, 'test', 'config.yaml');
  rmSync(configFile, { force: true });
  saveCluster('dev', { transport: 'ssh', ...info.login, admin: info.admin }, configFile);
  project.provide('configFile', configFile);
  project.provide('devRoot', root);
}
