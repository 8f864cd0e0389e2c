import { describe, expect, it } from 'vitest';
import { SlurmdeckError } from '../core/errors.js';
import { ApiError, toErrorResponse } from './http-error.js';

describe('toErrorResponse', () => {
  it.each([
    ['INVALID_ARGUMENT', 400],
    ['CLUSTER_UNKNOWN', 404],
    ['JOB_NOT_FOUND', 404],
    ['NOT_PERMITTED', 403],
    ['CONFIRMATION_INVALID', 409],
    ['SLURM_REJECTED', 422],
    ['SSH_CONNECT_FAILED', 502],
    ['SLURM_UNAVAILABLE', 503],
    ['TIMEOUT', 504],
  ] as const)('maps %s to %i with its message', (code, status) => {
    const mapped = toErrorResponse(new SlurmdeckError(code, 'what happened'));
    expect(mapped.status).toBe(status);
    expect(mapped.body).toMatchObject({ code, message: 'what happened' });
  });

  it("keeps the error's own hint, else gives a fallback where there is one", () => {
    const own = toErrorResponse(new SlurmdeckError('TIMEOUT', 'slow', { hint: 'wait' }));
    expect(own.body.hint).toBe('wait');
    expect(toErrorResponse(new SlurmdeckError('TIMEOUT', 'slow')).body.hint).toMatch(/retry/);
  });

  it('maps refusals of the face itself', () => {
    expect(toErrorResponse(new ApiError('UNAUTHENTICATED', 'no')).status).toBe(401);
    expect(toErrorResponse(new ApiError('PAYLOAD_TOO_LARGE', 'big')).status).toBe(413);
    expect(toErrorResponse(new ApiError('RATE_LIMITED', 'slow down')).status).toBe(429);
  });

  it('says nothing of an unexpected error but that it happened', () => {
    const mapped = toErrorResponse(new Error('password=hunter2 at /home/alice'));
    expect(mapped.status).toBe(500);
    expect(JSON.stringify(mapped.body)).not.toMatch(/hunter2|alice/);
    expect(mapped.body.code).toBe('INTERNAL');
  });
});
