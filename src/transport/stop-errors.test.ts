import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { within } from './stop-errors.js';

const never = new Promise<never>(() => {});

describe('within', () => {
  it('passes the value or the error of the work through', async () => {
    await expect(within(Promise.resolve(7), { timeoutMs: 1000 }, 'x')).resolves.toBe(7);
    await expect(within(Promise.reject(new Error('boom')), {}, 'x')).rejects.toThrow('boom');
  });

  it('gives up with TIMEOUT, naming what it waited for', async () => {
    const error = await within(never, { timeoutMs: 20 }, 'connecting to h').catch(
      (e: unknown) => e,
    );
    expect(isSlurmdeckError(error, 'TIMEOUT')).toBe(true);
    expect(String(error)).toMatch(/connecting to h did not finish within 20 ms/);
  });

  it('gives up with ABORTED when the signal fires, or already has', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const error = await within(never, { signal: controller.signal }, 'x').catch((e: unknown) => e);
    expect(isSlurmdeckError(error, 'ABORTED')).toBe(true);
    const early = await within(Promise.resolve(1), { signal: AbortSignal.abort() }, 'x').catch(
      (e: unknown) => e,
    );
    expect(isSlurmdeckError(early, 'ABORTED')).toBe(true);
  });
});
