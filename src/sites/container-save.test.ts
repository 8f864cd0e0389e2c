import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../core/config.js';
import { createLocalTransport } from '../transport/index.js';
import { checkContainerArgs } from './container-save.js';
import { checkSiteSession } from './submit-check.js';

describe('checkContainerArgs', () => {
  const transport = createLocalTransport();

  it('refuses a relative image file before anything starts', async () => {
    await expect(
      checkContainerArgs(transport, ['--container-image=img/app.sqsh']),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('relative path'),
    });
  });

  it('asks the cluster whether the --container-save folder exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdeck-save-'));
    await checkContainerArgs(transport, [`--container-save=${dir}/out.sqsh`]);
    await expect(
      checkContainerArgs(transport, [`--container-save=${dir}/missing/out.sqsh`]),
    ).rejects.toMatchObject({
      hint: expect.stringContaining(`mkdir -p ${dir}/missing`),
    });
  });
});

describe('checkSiteSession', () => {
  const config = configSchema.parse({ sites: { pod: { profile: 'hkust-superpod' } } });

  it('refuses an interactive session over the site’s limit, pointing at sbatch', () => {
    expect(() => checkSiteSession(config, 'pod', { timeLimitS: 9 * 3600 })).toThrow(
      /limited to 8:00:00; asked for 9:00:00/,
    );
    expect(() => checkSiteSession(config, 'pod', { timeLimitS: 9 * 3600 })).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('slurmdeck submit') }),
    );
  });

  it('warns when the session runs into the maintenance window', () => {
    const tuesdayNight = new Date('2026-12-01T20:00:00Z'); // Wed 04:00 in Hong Kong
    expect(
      checkSiteSession(config, 'pod', { timeLimitS: 7 * 3600 }, tuesdayNight).maintenance,
    ).toHaveLength(1);
    expect(checkSiteSession(config, 'pod', { timeLimitS: 3600 }, tuesdayNight).maintenance).toEqual(
      [],
    );
  });
});
