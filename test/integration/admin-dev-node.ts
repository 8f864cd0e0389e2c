import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { restartMunged, startNode } from '../../src/devcluster/index.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

/**
 * One compute host of the dev cluster broken on purpose and put back: its files are the
 * per-host folders bind-mounted over /etc/munge and /etc/slurm inside it.
 */
export function devNode(root: string, name: string) {
  const dir = join(root, 'hosts', name);
  const keyFile = join(dir, 'etc-munge', 'munge.key');
  const confFile = join(dir, 'etc-slurm', 'slurm.conf');
  const key = readFileSync(keyFile);
  const keyStat = statSync(keyFile);
  const conf = readFileSync(confFile, 'utf8');
  const netns = `sdeck-${name}`;
  const sh = (argv: string[]) =>
    execFileSync(argv[0] as string, argv.slice(1), { encoding: 'utf8' });

  const writeKey = (content: Buffer, mode = 0o400) => {
    writeFileSync(`${keyFile}.tmp`, content, { mode });
    chmodSync(`${keyFile}.tmp`, mode);
    chownSync(`${keyFile}.tmp`, keyStat.uid, keyStat.gid);
    execFileSync('mv', ['-f', `${keyFile}.tmp`, keyFile]);
  };

  return {
    name,
    keyFile,
    confFile,
    /** A different key of the same size, owner and mode. */
    writeOtherKey: () => writeKey(randomBytes(key.length)),
    writeRightKey: () => writeKey(key),
    chmodKey: (mode: number) => chmodSync(keyFile, mode),
    chownKeyToRoot: () => chownSync(keyFile, 0, 0),
    /** The same key, but munge.key a symlink to it. */
    symlinkKey: () => {
      writeKey(key);
      execFileSync('mv', ['-f', keyFile, `${keyFile}.real`]);
      symlinkSync('munge.key.real', keyFile);
    },
    driftConf: () => writeFileSync(confFile, `${conf}# changed by hand on ${name}\n`),
    blockController: (address: string) =>
      sh(['ip', 'netns', 'exec', netns, 'ip', 'route', 'add', 'prohibit', `${address}/32`]),
    unblockController: (address: string) => {
      const routes = sh(['ip', 'netns', 'exec', netns, 'ip', 'route', 'show']);
      if (routes.includes(`prohibit ${address}`)) {
        sh(['ip', 'netns', 'exec', netns, 'ip', 'route', 'del', 'prohibit', `${address}/32`]);
      }
    },
    /** Everything as `up` left it: key, mode, slurm.conf, route, munged with the key, slurmd. */
    async restore(controllerAddress: string): Promise<void> {
      this.unblockController(controllerAddress);
      if (readFileSync(confFile, 'utf8') !== conf) writeFileSync(confFile, conf);
      rmSync(`${keyFile}.real`, { force: true });
      writeKey(key, keyStat.mode & 0o7777);
      await restartMunged(root, name);
      await startNode(root, name);
    },
  };
}

export type DevNode = ReturnType<typeof devNode>;

/** The built CLI against the dev cluster's test config (cluster "dev", with admin access). */
export const adminCli = (configFile: string, args: string[]): Promise<CliResult> =>
  runCli(['admin', ...args], { ...process.env, SLURMDECK_CONFIG: configFile });

/** Plain Slurm commands as root on this machine, through the dev cluster's client config. */
export const slurmAsRoot = (root: string, argv: string[]): string =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

/** Waits until Slurm has the node idle and responding again; resumes it if it went DOWN. */
export async function waitNodeBack(root: string, name: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const state = slurmAsRoot(root, ['sinfo', '-h', '-n', name, '-o', '%T']).split('\n')[0] ?? '';
    if (/^(idle|mixed|allocated)$/.test(state)) return;
    if (/^(down|drained)$/.test(state)) {
      slurmAsRoot(root, ['scontrol', 'update', `nodename=${name}`, 'state=resume']);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${name} did not come back to idle`);
}
