import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseControllerFacts } from './controller-facts.js';
import { CONTROLLER_SCRIPT } from './controller-script.js';
import { parseFacts } from './facts-frame.js';

describe('the controller script under sh, on a slurm.conf that includes others', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-ctl-'));
  const conf = join(dir, 'slurm.conf');
  const nodes = join(dir, 'nodes.conf');
  writeFileSync(conf, 'Include nodes.conf\nSlurmctldHost=head(10.0.0.1)\n');
  writeFileSync(nodes, 'NodeName=n[1-4]\nSlurmctldPort=6830\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checksums each included file and reads settings from it', () => {
    const result = spawnSync('sh', ['-c', CONTROLLER_SCRIPT, 'sh', '@t', '0'], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'], SLURM_CONF: conf },
    });
    const facts = parseControllerFacts(parseFacts(result.stdout, '@t'));
    const sha = createHash('sha256').update('NodeName=n[1-4]\nSlurmctldPort=6830\n').digest('hex');
    expect(facts.includes).toEqual([{ path: nodes, sha256: sha }]);
    expect(facts).toMatchObject({ slurmctldAddress: '10.0.0.1', slurmctldPort: 6830 });
    expect(facts.credentials).toEqual([]);
  });
});
