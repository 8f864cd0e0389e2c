import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerTokens, type JobTokenListing, type TokenStoreFace } from './serve-token.js';

const HOUR = 3600_000;
const T0 = Date.parse('2026-12-01T10:00:00Z');
let output: string[];
let api: Array<{ name: string; role: 'read' | 'operate' | 'admin' }>;
let jobs: JobTokenListing[];

/** The store's answers (its own tests are src/server/tokens.test.ts): only what the CLI shows of them. */
const store = (): TokenStoreFace => ({
  create: () => 'slurmdeck_x',
  list: () => api.map((t) => ({ ...t, createdAt: T0, lastUsedAt: undefined })),
  revoke: (name) => api.length !== (api = api.filter((t) => t.name !== name)).length,
  listJobs: () => jobs,
  revokeJob: (name) => jobs.length - (jobs = jobs.filter((t) => t.name !== name)).length,
  close: () => undefined,
});

async function token(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerTokens(program.command('serve'), async () => store());
  output = [];
  await program.parseAsync(['node', 'slurmdeck', 'serve', 'token', ...args]);
  return output.join('');
}

beforeEach(() => {
  api = [{ name: 'lab', role: 'admin' }];
  jobs = [
    {
      name: 'job-dev-42',
      cluster: 'dev',
      jobId: '42',
      createdAt: T0,
      firstUsedAt: T0 + HOUR,
      expiresAt: T0 + 4 * HOUR,
      lastUsedAt: T0 + 2 * HOUR,
    },
  ];
  vi.spyOn(console, 'log').mockImplementation((line: unknown = '') => {
    output.push(`${String(line)}\n`);
  });
});

afterEach(() => vi.restoreAllMocks());

describe('slurmdeck serve token', () => {
  it('lists API tokens and job tokens with their kind, job, first use and expiry', async () => {
    const lines = (await token('list')).trim().split('\n');
    expect(lines[0]).toMatch(
      /^NAME\s+KIND\s+ROLE\s+JOB\s+CREATED\s+FIRST USED\s+EXPIRES\s+LAST USED$/,
    );
    expect(lines[1]).toMatch(/^lab\s+api\s+admin\s+-\s+2026-12-01T10:00:00.000Z\s+-\s+never\s+-$/);
    expect(lines[2]).toMatch(
      /^job-dev-42\s+job\s+tracker\s+dev:42\s+2026-12-01T10:00:00.000Z\s+2026-12-01T11:00:00.000Z\s+2026-12-01T14:00:00.000Z\s+2026-12-01T12:00:00.000Z$/,
    );
  });

  it('lists them as JSON', async () => {
    expect(JSON.parse(await token('list', '--json'))).toEqual([
      {
        name: 'lab',
        kind: 'api',
        role: 'admin',
        cluster: null,
        jobId: null,
        createdAt: '2026-12-01T10:00:00.000Z',
        firstUsedAt: null,
        expiresAt: null,
        lastUsedAt: null,
      },
      {
        name: 'job-dev-42',
        kind: 'job',
        role: 'tracker',
        cluster: 'dev',
        jobId: '42',
        createdAt: '2026-12-01T10:00:00.000Z',
        firstUsedAt: '2026-12-01T11:00:00.000Z',
        expiresAt: '2026-12-01T14:00:00.000Z',
        lastUsedAt: '2026-12-01T12:00:00.000Z',
      },
    ]);
  });

  it('revokes a job token by its name', async () => {
    expect(JSON.parse(await token('revoke', 'job-dev-42', '--json'))).toEqual({
      revoked: 'job-dev-42',
      kind: 'job',
    });
    expect(jobs).toEqual([]);
    expect(api).toHaveLength(1);
    await expect(token('revoke', 'job-dev-42')).rejects.toThrow(/no token named "job-dev-42"/);
  });

  it('asks which kind when a name is both, and revokes only that one', async () => {
    api.push({ name: 'job-dev-42', role: 'read' });
    await expect(token('revoke', 'job-dev-42')).rejects.toMatchObject({
      message: '"job-dev-42" names an API token and a job token',
      hint: expect.stringContaining('--kind api (or --kind job)'),
    });
    expect(await token('revoke', 'job-dev-42', '--kind', 'api')).toBe('revoked job-dev-42\n');
    expect(jobs).toHaveLength(1);
    expect(await token('revoke', 'job-dev-42')).toBe('revoked job-dev-42 (job token)\n');
  });
});
