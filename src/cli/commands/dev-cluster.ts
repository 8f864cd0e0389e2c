import { readFileSync, existsSync } from 'node:fs';
import type { Command } from 'commander';
import { saveCluster } from '../../core/config.js';
import { SlurmdeckError } from '../../core/errors.js';
import { configFile } from '../../core/paths.js';
import {
  ADDED_PARTITION,
  addNodes,
  removeNodes,
  DEFAULT_NODES,
  MAX_NODES,
  clusterInfo,
  devClusterDown,
  devClusterStatus,
  devClusterUp,
  devRoot,
  startNode,
  stopNode,
} from '../../devcluster/index.js';
import { renderTable } from '../table.js';
import { registerDevClusterService } from './dev-cluster-service.js';

function parseNodes(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_NODES) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `--nodes must be a whole number from 1 to ${MAX_NODES}, got "${value}"`,
    );
  }
  return n;
}

/** `dev-cluster up`, then the cluster registered as "dev" in the config (what `serve` uses too). */
export async function devClusterUpAndRegister(
  nodes = DEFAULT_NODES,
  say: (line: string) => void = console.log,
  configless = false,
): Promise<void> {
  const result = await devClusterUp({
    root: devRoot(),
    nodes,
    configless,
    log: (l) => console.error(l),
  });
  const info = clusterInfo(result.layout);
  saveCluster('dev', {
    transport: 'ssh',
    host: info.login.host,
    port: info.login.port,
    user: info.login.user,
    identityFile: info.login.identityFile,
    knownHostsFile: info.login.knownHostsFile,
    admin: configless ? { ...info.admin, configless: true } : info.admin,
  });
  say(
    result.changed
      ? `dev cluster up in ${result.seconds.toFixed(1)}s: ${result.layout.computes.length} compute hosts, login ${info.login.user}@${info.login.host}`
      : 'dev cluster already up; nothing changed',
  );
  say(`registered as cluster "dev" in ${configFile()}`);
}

export function registerDevCluster(program: Command): void {
  const dev = program
    .command('dev-cluster')
    .description('a real Slurm cluster on this machine, in namespaces (root only)');

  dev
    .command('up')
    .description(
      'bring up controller, accounting, compute and login hosts; register them as cluster "dev"',
    )
    .option('--nodes <n>', 'compute hosts', String(DEFAULT_NODES))
    .option(
      '--configless',
      'compute hosts without slurm.conf of their own: slurmd fetches it from slurmctld (a running cluster is switched, `up` alone switches back)',
    )
    .action(async (options: { nodes: string; configless?: boolean }) => {
      await devClusterUpAndRegister(parseNodes(options.nodes), console.log, options.configless);
    });

  dev
    .command('down')
    .description('stop every dev-cluster process and remove its namespaces')
    .action(async () => {
      const { stopped } = await devClusterDown(devRoot(), {
        onWait: (holder) =>
          console.error(`waiting for another dev-cluster command to finish (${holder})`),
      });
      console.log(
        stopped > 0
          ? `dev cluster down (${stopped} processes stopped)`
          : 'dev cluster was not running',
      );
    });

  dev
    .command('status')
    .description('each host and daemon of the dev cluster')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const status = await devClusterStatus(devRoot());
      if (options.json) return console.log(JSON.stringify(status, null, 2));
      if (status.hosts.length === 0)
        return console.log('dev cluster is not running (slurmdeck dev-cluster up)');
      console.log(`dev cluster ${status.up ? 'up' : 'DEGRADED'} since ${status.startedAt}`);
      console.log(
        renderTable(status.hosts, [
          { header: 'HOST', value: (h) => h.name },
          { header: 'ADDRESS', value: (h) => h.address },
          { header: 'STATE', value: (h) => (h.up ? 'up' : 'down') },
          {
            header: 'DAEMONS',
            flexible: true,
            value: (h) =>
              h.daemons
                .map((d) => `${d.name}${d.alive ? '' : d.stopped ? '(stopped)' : '(dead)'}`)
                .join(' '),
          },
        ]),
      );
      if (!status.up) process.exitCode = 1;
    });

  const node = dev
    .command('node')
    .description('add bare compute hosts, fail and repair them, to test what happens');
  node
    .command('add')
    .description(
      `bare compute hosts named in slurm.conf (partition ${ADDED_PARTITION}): sshd only, no munge key, no Slurm config, no daemons; one slurmctld restart for all`,
    )
    .argument(
      '<names...>',
      `free compute host names or a hostlist, n${DEFAULT_NODES + 1}..n${MAX_NODES} (e.g. n[4-16])`,
    )
    .option(
      '--configless',
      'not bare: the munge key, munged and slurmd --conf-server running, no Slurm config on it',
    )
    .action(async (names: string[], options: { configless?: boolean }) => {
      const configless = options.configless === true;
      for (const { name, changed } of await addNodes(devRoot(), names, { configless })) {
        console.log(
          !changed
            ? `${name} is already in the dev cluster; nothing changed`
            : configless
              ? `${name}: added, configless (munged, slurmd --conf-server; no slurm.conf)`
              : `${name}: added, bare (slurmdeck --cluster dev admin init ${name} brings it in)`,
        );
      }
    });
  node
    .command('remove')
    .description('take added hosts out of slurm.conf and tear them down')
    .argument('<names...>', 'hosts added with node add, or a hostlist (e.g. n[4-16])')
    .action(async (names: string[]) => {
      for (const { name, changed } of await removeNodes(devRoot(), names)) {
        console.log(
          changed ? `${name}: removed` : `${name} is not in the dev cluster; nothing changed`,
        );
      }
    });
  node
    .command('stop')
    .description("crash a node's Slurm side: slurmd and its jobs are killed at once")
    .argument('<name>', 'compute host, e.g. n3')
    .action(async (name: string) => {
      const killed = await stopNode(devRoot(), name);
      console.log(
        `${name}: slurmd and ${killed - 1 > 0 ? killed - 1 : 0} job process(es) killed; Slurm marks it down after SlurmdTimeout (10 s)`,
      );
    });
  node
    .command('start')
    .description("start a node's slurmd again")
    .argument('<name>', 'compute host, e.g. n3')
    .action(async (name: string) => {
      await startNode(devRoot(), name);
      console.log(`${name}: slurmd started`);
    });

  registerDevClusterService(dev);

  dev
    .command('env')
    .description('print export lines that point plain Slurm commands at the dev cluster')
    .action(() => {
      const file = `${devRoot()}/env.sh`;
      if (!existsSync(file)) {
        throw new SlurmdeckError('DEV_CLUSTER', 'the dev cluster is not up', {
          hint: 'Run `slurmdeck dev-cluster up` first.',
        });
      }
      process.stdout.write(readFileSync(file, 'utf8'));
    });
}
