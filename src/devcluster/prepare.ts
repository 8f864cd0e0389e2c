import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  CGROUP_CONF,
  epilogSlurmctldScript,
  GPUS_PER_NODE,
  gresConf,
  slurmConf,
  slurmdbdConf,
  sshdConfig,
} from './config-files.js';
import { allHosts, sharedPaths, testUsers, type ClusterLayout } from './layout.js';
import { run } from './sh.js';
import { quietStartupFiles } from './startup-files.js';

interface Ids {
  uid: number;
  gid: number;
}

export async function ids(user: string): Promise<Ids> {
  const uid = Number((await run(['id', '-u', user])).stdout.trim());
  const gid = Number((await run(['id', '-g', user])).stdout.trim());
  return { uid, gid };
}

function writeOwned(file: string, content: string | Buffer, mode: number, owner?: Ids): void {
  writeFileSync(file, content, { mode });
  chmodSync(file, mode);
  if (owner) chownSync(file, owner.uid, owner.gid);
}

export function dirOwned(dir: string, mode: number, owner?: Ids): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, mode);
  if (owner) chownSync(dir, owner.uid, owner.gid);
}

/** Writes every file the hosts need, from scratch: keys, configs, folders with the right owners. */
export async function prepareFiles(layout: ClusterLayout, dbPassword: string): Promise<void> {
  const paths = sharedPaths(layout.root);
  rmSync(join(layout.root, 'hosts'), { recursive: true, force: true });
  rmSync(paths.sshDir, { recursive: true, force: true });
  dirOwned(layout.root, 0o755);
  dirOwned(paths.logDir, 0o755);
  const munge = await ids('munge');
  const slurm = await ids('slurm');
  const mysql = await ids('mysql');

  writeOwned(paths.mungeKey, randomBytes(1024), 0o400);
  const key = readFileSync(paths.mungeKey);

  dirOwned(join(layout.root, 'hooks'), 0o755);
  dirOwned(join(layout.root, 'hooks', 'epilog.d'), 0o755);
  writeOwned(join(layout.root, 'hooks', 'epilog-slurmctld'), epilogSlurmctldScript(layout), 0o755);

  dirOwned(paths.fakeGpuDir, 0o755);
  for (let i = 0; i < GPUS_PER_NODE; i++)
    writeOwned(join(paths.fakeGpuDir, `nvidia${i}`), '', 0o666);

  for (const host of allHosts(layout)) {
    const own = (name: string) => join(host.dir, name);
    dirOwned(host.dir, 0o755);
    dirOwned(own('etc-slurm'), 0o755);
    writeOwned(join(own('etc-slurm'), 'slurm.conf'), slurmConf(layout), 0o644);
    writeOwned(join(own('etc-slurm'), 'gres.conf'), gresConf(layout), 0o644);
    writeOwned(join(own('etc-slurm'), 'cgroup.conf'), CGROUP_CONF, 0o644);
    // Each host holds its own copy of the key, as on a real cluster.
    dirOwned(own('etc-munge'), 0o700, munge);
    writeOwned(join(own('etc-munge'), 'munge.key'), key, 0o400, munge);
    dirOwned(own('run-munge'), 0o755, munge);
    dirOwned(own('log'), 0o755, slurm);
    dirOwned(own('daemon-logs'), 0o755);
    if (host.role === 'compute') dirOwned(own('spool-slurmd'), 0o755);
    if (host.role === 'controller') {
      dirOwned(own('spool-slurmctld'), 0o755, slurm);
      writeOwned(
        join(own('etc-slurm'), 'slurmdbd.conf'),
        slurmdbdConf(layout, dbPassword),
        0o600,
        slurm,
      );
      if (!existsSync(join(own('mysql'), 'mysql'))) dirOwned(own('mysql'), 0o750, mysql);
      dirOwned(own('run-mysqld'), 0o755, mysql);
    }
  }

  // The root namespace's own client: same cluster, its munged on a socket of its own.
  dirOwned(join(layout.root, 'client'), 0o755);
  dirOwned(paths.clientMungeDir, 0o755, munge);
  writeOwned(join(paths.clientMungeDir, 'munge.key'), key, 0o400, munge);
  writeOwned(
    paths.clientConf,
    slurmConf(layout, join(paths.clientMungeDir, 'munge.socket.2')),
    0o644,
  );

  await prepareSsh(layout);
}

/** An ed25519 key pair without a passphrase (test hosts and the test user). */
export const newKey = (comment: string, file: string) =>
  run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);

async function prepareSsh(layout: ClusterLayout): Promise<void> {
  const paths = sharedPaths(layout.root);
  dirOwned(paths.sshDir, 0o755);
  dirOwned(paths.authorizedKeysDir, 0o755);
  // sshd's privilege separation folder; without systemd nothing else creates it.
  dirOwned('/run/sshd', 0o755);
  await newKey('slurmdeck-dev', paths.userKey);
  await newKey('slurmdeck-dev-ca', join(paths.sshDir, 'user_ca'));
  const userPub = readFileSync(`${paths.userKey}.pub`, 'utf8');
  for (const user of testUsers(layout)) {
    writeOwned(join(paths.authorizedKeysDir, user.name), userPub, 0o644);
  }
  writeOwned(join(paths.authorizedKeysDir, 'root'), userPub, 0o644);

  const known: string[] = [];
  for (const host of [layout.login, layout.login2, layout.data, ...layout.computes]) {
    const hostKey = join(host.dir, 'ssh_host_ed25519_key');
    await newKey(host.name, hostKey);
    writeOwned(join(host.dir, 'sshd_config'), sshdConfig(layout, host), 0o644);
    const [type, body] = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
    known.push(`${host.address},${host.name} ${type} ${body}`);
  }
  writeOwned(paths.knownHosts, `${known.join('\n')}\n`, 0o644);
}

/**
 * A non-root user who logs in to the login host with a key and submits jobs, with this login
 * shell, and startup files that print nothing (a test that made them chatty may have died).
 */
export async function ensureTestUser(user: { name: string; shell: string }): Promise<void> {
  const exists = await run(['id', '-u', user.name], { allowFailure: true });
  if (exists.exitCode !== 0) await run(['useradd', '-m', '-s', user.shell, user.name]);
  // A new account is locked ('!'), which sshd refuses without PAM; '*' allows keys, no password.
  await run(['usermod', '-p', '*', '-s', user.shell, user.name]);
  quietStartupFiles(user.name);
}
