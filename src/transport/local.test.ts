import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { createLocalTransport } from './local.js';

describe('createLocalTransport', () => {
  it('names itself local', () => {
    const transport = createLocalTransport();
    expect([transport.kind, transport.target]).toEqual(['local', 'local']);
  });

  it('runs argv here and resolves for any exit code', async () => {
    const transport = createLocalTransport();
    const result = await transport.exec(['sh', '-c', 'cat; exit 4'], { stdin: 'in' });
    expect(result).toMatchObject({ exitCode: 4, stdout: 'in', argv: ['sh', '-c', 'cat; exit 4'] });
    await transport.close();
  });

  it('throws SPAWN_FAILED for a program that is not installed', async () => {
    const error = await createLocalTransport()
      .exec(['slurmdeck-missing-squeue'])
      .catch((e: unknown) => e);
    expect(isSlurmdeckError(error, 'SPAWN_FAILED')).toBe(true);
  });
});
