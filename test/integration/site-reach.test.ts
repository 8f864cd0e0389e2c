import { copyFileSync, appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

// A site of the dev cluster's login host (real sshd) and a data node address nobody holds.
const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-site-reach-'));
const configFile = join(dir, 'config.yaml');
const env = {
  ...process.env,
  SLURMDECK_CONFIG: configFile,
  SLURMDECK_STATE_DIR: join(dir, 'state'),
  XDG_CONFIG_HOME: join(dir, 'xdg'),
};
const NOBODY = '10.77.0.99';

beforeAll(() => {
  mkdirSync(join(dir, 'xdg', 'slurmdeck', 'sites'), { recursive: true });
  const profile = (name: string, job: string) =>
    writeFileSync(
      join(dir, 'xdg', 'slurmdeck', 'sites', `${name}.yaml`),
      `title: ${name}\ngroups:\n  main:\n    partitions: [debug]\n    entry: { job: ${job}, data: ${NOBODY} }\nreachability: { host: ${job}, port: 22, hint: Connect the lab VPN first. }\n`,
    );
  profile('devreach', '10.77.0.10');
  profile('offsite', NOBODY);
  copyFileSync(inject('configFile'), configFile);
  const keys = `identityFile: /var/lib/slurmdeck-dev/ssh/id_ed25519, knownHostsFile: /var/lib/slurmdeck-dev/ssh/known_hosts`;
  appendFileSync(configFile, `sites:\n  offsite: { user: sduser, ${keys} }\n`);
});

describe('reaching a site', () => {
  it('site check probes the address and every entry node, and says which answer', async () => {
    const result = await runCli(['--site', 'devreach', 'site', 'check', '--json'], env);
    expect(result.code).toBe(1);
    const check = JSON.parse(result.stdout) as {
      hosts: { host: string; roles: string[]; reachable: boolean; banner?: string }[];
      hint?: string;
    };
    const login = check.hosts.find((h) => h.host === '10.77.0.10');
    expect(login).toMatchObject({ reachable: true, roles: ['reachability', 'main job'] });
    expect(login?.banner).toMatch(/^SSH-2\.0-OpenSSH/);
    expect(check.hosts.find((h) => h.host === NOBODY)).toMatchObject({
      reachable: false,
      roles: ['main data'],
    });
    // The address answers: no VPN advice.
    expect(check.hint).toBeUndefined();
  }, 30_000);

  it('a login that cannot connect gets the site’s advice, with what the probe saw', async () => {
    const result = await runCli(['--cluster', 'offsite-main', 'jobs'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/SSH_CONNECT_FAILED|TIMEOUT/);
    expect(result.stderr).toContain('Connect the lab VPN first.');
    expect(result.stderr).toMatch(
      new RegExp(`${NOBODY.replaceAll('.', '\\.')}:22 did not answer: E`),
    );
  }, 60_000);
});
