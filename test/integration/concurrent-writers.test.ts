import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const configFile = inject('configFile');
const WRITERS = 10;
const SHARED_JOB = '990000';

/** A config with the dev cluster and one channel per writer (never sent to); fresh state. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-writers-'));
  const channels = Array.from(
    { length: WRITERS },
    (_, i) => `    c${i}: webhook+http://127.0.0.1:9/w${i}\n`,
  ).join('');
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `${readFileSync(configFile, 'utf8')}notify:\n  channels:\n${channels}`);
  return { ...process.env, SLURMDECK_CONFIG: config, SLURMDECK_STATE_DIR: join(dir, 'state') };
}

describe('several processes writing the state database at once', () => {
  it('all succeed and nothing is lost: every job added, every channel merged', async () => {
    const env = setup();
    // Each writer adds its own job and the shared one (read, then write its merged channels).
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        runCli(['watch', 'add', String(991000 + i), SHARED_JOB, '-n', `c${i}`], env),
      ),
    );
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });

    const status = await runCli(['watch', 'status', '--json'], env);
    expect(status.code).toBe(0);
    const { jobs } = JSON.parse(status.stdout) as {
      jobs: Array<{ jobId: string; channels: string[] }>;
    };
    expect(jobs.map((j) => j.jobId).sort()).toEqual(
      [SHARED_JOB, ...Array.from({ length: WRITERS }, (_, i) => String(991000 + i))].sort(),
    );
    const shared = jobs.find((j) => j.jobId === SHARED_JOB);
    expect(shared?.channels.sort()).toEqual(
      Array.from({ length: WRITERS }, (_, i) => `c${i}`).sort(),
    );
  });
});
