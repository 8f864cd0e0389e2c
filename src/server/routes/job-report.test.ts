import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../slurm/fixtures/${name}`, import.meta.url), 'utf8');

/** Accounting for job 2: the captured TIMEOUT job (6) under that id, its batch step with MaxRSS. */
const SEP = String.fromCharCode(0x1f);
const sacctForJob2 = () =>
  fixture('sacct-22.05-scenarios.txt')
    .split('\n')
    .map((line) => line.split(SEP))
    .filter(([id]) => id === '6' || id === '6.batch')
    .map(([id, raw, ...rest]) => [id?.replace('6', '2'), raw?.replace('6', '2'), ...rest].join(SEP))
    .join('\n');

describe('GET /api/clusters/{cluster}/jobs/{id}: the end report', () => {
  it('adds outcome, CPU and memory efficiency and the hint once the job has ended', async () => {
    const server = serverUnderTest({
      outputs: { scontrol: () => fixture('scontrol-22.05-failed.txt'), sacct: sacctForJob2 },
    });
    const token = server.tokens.create('viewer', 'read');
    const res = await server.request('/api/clusters/dev/jobs/2', { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { job: { state: string }; report?: Record<string, unknown> };
    expect(body.job.state).toBe('FAILED');
    expect(body.report).toMatchObject({
      outcome: 'TIMEOUT',
      elapsedSeconds: 60,
      maxRssBytes: 3305472,
      requestedMemoryBytes: 500 * 2 ** 20,
      hint: expect.stringMatching(/time limit of 1 min/),
    });
    expect(body.report?.['cpuEfficiency']).toBeCloseTo(0.002 / 60, 6);
    expect(body.report?.['memoryEfficiency']).toBeCloseTo(3305472 / (500 * 2 ** 20), 6);
    // Shared like the other views: a second viewer costs no second sacct.
    await server.request('/api/clusters/dev/jobs/2', { token });
    expect(server.calls.filter((c) => c === 'sacct')).toHaveLength(1);
  });

  it('asks accounting nothing for a job still running, and has no report', async () => {
    const server = serverUnderTest();
    const token = server.tokens.create('viewer', 'read');
    const res = await server.request('/api/clusters/dev/jobs/6', { token });
    const body = (await res.json()) as { job: { state: string }; report?: unknown };
    expect(body.job.state).toBe('RUNNING');
    expect(body).not.toHaveProperty('report');
    expect(server.calls).not.toContain('sacct');
  });

  it('still shows the job when accounting cannot be read', async () => {
    const server = serverUnderTest({
      outputs: { scontrol: () => fixture('scontrol-22.05-failed.txt') },
    });
    const token = server.tokens.create('viewer', 'read');
    const res = await server.request('/api/clusters/dev/jobs/2', { token });
    expect(res.status).toBe(200);
    expect(await res.json()).not.toHaveProperty('report');
  });
});
