import { join } from 'node:path';
import { inHost } from './host-namespace.js';
import { sharedPaths, testUsers, type ClusterLayout, type HostPlan } from './layout.js';
import { run, startDetached, waitFor } from './sh.js';
import type { DaemonRecord } from './state.js';

/** Starts one foreground daemon inside a host; its output goes to the host's daemon-logs. */
function startIn(host: HostPlan, holderPid: number, name: string, argv: string[]): DaemonRecord {
  const log = join(host.dir, 'daemon-logs', `${name}.log`);
  return { name, pid: startDetached(inHost(holderPid, argv), log), log };
}

const asUser = (user: string, argv: string[]) => [
  'setpriv',
  `--reuid=${user}`,
  `--regid=${user}`,
  '--init-groups',
  '--',
  ...argv,
];

export interface MungedStart {
  /** A command munged runs under, e.g. `faketime -f +10m` for a skewed clock. */
  wrapper?: string[];
  /** Wait until a credential round trip works (default true). */
  waitReady?: boolean;
}

export async function startMunged(
  host: HostPlan,
  holder: number,
  options: MungedStart = {},
): Promise<DaemonRecord> {
  const record = startIn(host, holder, 'munged', [
    ...(options.wrapper ?? []),
    ...asUser('munge', [
      'munged',
      '--foreground',
      '--seed-file=/run/munge/munged.seed',
      '--log-file=/run/munge/munged.log',
      '--pid-file=/run/munge/munged.pid',
    ]),
  ]);
  if (options.waitReady === false) return record;
  await waitFor(
    `munged on ${host.name}`,
    async () =>
      (await run(inHost(holder, ['sh', '-c', 'munge -n | unmunge']), { allowFailure: true }))
        .exitCode === 0,
    15_000,
    `See ${record.log}.`,
  );
  return record;
}

/** munged in the root namespace on a socket of its own, for `dev-cluster env` shells. */
export async function startClientMunged(layout: ClusterLayout): Promise<DaemonRecord> {
  const dir = sharedPaths(layout.root).clientMungeDir;
  const socket = join(dir, 'munge.socket.2');
  const log = join(sharedPaths(layout.root).logDir, 'client-munged.log');
  const pid = startDetached(
    asUser('munge', [
      'munged',
      '--foreground',
      `--key-file=${join(dir, 'munge.key')}`,
      `--socket=${socket}`,
      `--seed-file=${join(dir, 'munged.seed')}`,
      `--log-file=${join(dir, 'munged.log')}`,
      `--pid-file=${join(dir, 'munged.pid')}`,
    ]),
    log,
  );
  await waitFor(
    'the client munged',
    async () =>
      (
        await run(['sh', '-c', `munge -S '${socket}' -n | unmunge -S '${socket}'`], {
          allowFailure: true,
        })
      ).exitCode === 0,
    15_000,
    `See ${log}.`,
  );
  return { name: 'munged', pid, log };
}

export async function startMariadb(host: HostPlan, holder: number): Promise<DaemonRecord> {
  const initialized = await run(inHost(holder, ['test', '-d', '/var/lib/mysql/mysql']), {
    allowFailure: true,
  });
  if (initialized.exitCode !== 0) {
    await run(
      inHost(holder, [
        'mariadb-install-db',
        '--no-defaults',
        '--user=mysql',
        '--datadir=/var/lib/mysql',
        '--skip-test-db',
        '--auth-root-authentication-method=socket',
      ]),
      { timeoutMs: 180_000 },
    );
  }
  const record = startIn(host, holder, 'mariadbd', [
    'mariadbd',
    '--no-defaults',
    '--user=mysql',
    '--datadir=/var/lib/mysql',
    '--socket=/run/mysqld/mysqld.sock',
    '--pid-file=/run/mysqld/mysqld.pid',
    '--bind-address=127.0.0.1',
    '--port=3306',
    '--innodb-buffer-pool-size=64M',
    '--skip-name-resolve',
  ]);
  await waitFor(
    'MariaDB',
    async () =>
      (
        await run(
          inHost(holder, [
            'mariadb-admin',
            '--no-defaults',
            '--socket=/run/mysqld/mysqld.sock',
            'ping',
          ]),
          { allowFailure: true },
        )
      ).exitCode === 0,
    60_000,
    `See ${record.log}.`,
  );
  return record;
}

export async function createAccountingDb(holder: number, dbPassword: string): Promise<void> {
  const sql = [
    'CREATE DATABASE IF NOT EXISTS slurm_acct_db;',
    "CREATE USER IF NOT EXISTS 'slurm'@'localhost';",
    `ALTER USER 'slurm'@'localhost' IDENTIFIED BY '${dbPassword}';`,
    "GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';",
  ].join('\n');
  await run(inHost(holder, ['mariadb', '--no-defaults', '--socket=/run/mysqld/mysqld.sock']), {
    input: sql,
  });
}

export async function startSlurmdbd(host: HostPlan, holder: number): Promise<DaemonRecord> {
  const record = startIn(host, holder, 'slurmdbd', ['slurmdbd', '-D']);
  await waitFor(
    'slurmdbd',
    async () =>
      (await run(inHost(holder, ['sacctmgr', '-n', 'list', 'cluster']), { allowFailure: true }))
        .exitCode === 0,
    60_000,
    `See ${record.log} and ${host.dir}/log/slurmdbd.log.`,
  );
  return record;
}

/** Cluster, account and users in accounting, so jobs pass AccountingStorageEnforce=associations. */
export async function setupAccounting(layout: ClusterLayout, holder: number): Promise<void> {
  const mgr = (...args: string[]) =>
    run(inHost(holder, ['sacctmgr', '-i', ...args]), { allowFailure: true });
  await mgr('add', 'cluster', layout.clusterName);
  await mgr('add', 'account', 'lab', 'Description=dev lab', 'Organization=dev');
  for (const user of [...testUsers(layout).map((u) => u.name), 'root'])
    await mgr('add', 'user', user, 'Account=lab', 'DefaultAccount=lab');
  const check = await run(
    inHost(holder, [
      'sacctmgr',
      '-n',
      '-P',
      'show',
      'assoc',
      'format=user',
      `cluster=${layout.clusterName}`,
    ]),
  );
  for (const { name } of testUsers(layout)) {
    if (!check.stdout.split('\n').includes(name)) {
      throw new Error(`accounting has no association for ${name}`);
    }
  }
}

export async function startSlurmctld(host: HostPlan, holder: number): Promise<DaemonRecord> {
  const record = startIn(host, holder, 'slurmctld', ['slurmctld', '-D', '-i']);
  await waitFor(
    'slurmctld',
    async () =>
      / is UP/.test(
        (await run(inHost(holder, ['scontrol', 'ping']), { allowFailure: true })).stdout,
      ),
    60_000,
    `See ${host.dir}/log/slurmctld.log.`,
  );
  return record;
}

/** With `confServer` (HOST:PORT), configless: slurmd fetches its config from slurmctld. */
export function startSlurmd(host: HostPlan, holder: number, confServer?: string): DaemonRecord {
  const fetch = confServer ? ['--conf-server', confServer] : [];
  const record = startIn(host, holder, 'slurmd', ['slurmd', '-D', '-N', host.name, ...fetch]);
  return confServer ? { ...record, confServer } : record;
}

export function startSshd(host: HostPlan, holder: number): DaemonRecord {
  return startIn(host, holder, 'sshd', [
    '/usr/sbin/sshd',
    '-D',
    '-e',
    '-f',
    join(host.dir, 'sshd_config'),
  ]);
}
