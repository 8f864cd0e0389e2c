import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog, type AuditEntry } from '../../src/audit/index.js';
import { openDatabase } from '../../src/store/index.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

/** The built CLI against the dev cluster, with a state database of its own (the audit log). */
export function adminChangeCli(configFile: string) {
  const stateDir = mkdtempSync(join(tmpdir(), 'slurmdeck-admin-change-'));
  const env = { ...process.env, SLURMDECK_CONFIG: configFile, SLURMDECK_STATE_DIR: stateDir };
  return {
    stateDir,
    env,
    run: (args: string[], timeoutMs = 120_000): Promise<CliResult> =>
      runCli(['admin', ...args], env, timeoutMs),
    audit(): AuditEntry[] {
      const db = openDatabase({ file: join(stateDir, 'slurmdeck.db') });
      try {
        return createAuditLog(db).entries();
      } finally {
        db.close();
      }
    },
  };
}

export const sha256Of = (file: string): string =>
  execFileSync('sha256sum', [file], { encoding: 'utf8' }).slice(0, 64);

/** Every 12-character piece of a secret's base64 and hex forms: none may appear in output. */
export function secretPieces(file: string): string[] {
  const bytes = readFileSync(file);
  const forms = [bytes.toString('base64'), bytes.toString('hex')];
  return forms.flatMap((f) => Array.from({ length: 8 }, (_, i) => f.slice(i * 40, i * 40 + 12)));
}

/** Waits until sinfo shows the node responding again (no `*`): slurmctld pinged it since. */
export async function waitResponding(root: string, node: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const state = execFileSync('sinfo', ['-h', '-n', node, '-o', '%t'], {
      env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
      encoding: 'utf8',
    }).trim();
    if (state !== '' && !state.endsWith('*')) return;
    if (Date.now() > deadline) throw new Error(`${node} still ${state}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
