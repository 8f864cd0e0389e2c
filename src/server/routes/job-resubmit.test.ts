import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../slurm/fixtures/${name}`, import.meta.url), 'utf8');
const WRAPPED = '#!/bin/sh\n# This script was created by sbatch --wrap.\n\npython train.py\n';

function withScript(script: string) {
  const server = serverUnderTest({ outputs: { 'scontrol write': () => script } });
  const get = async (path: string, token: string) => {
    const res = await server.request(path, { token });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { ...server, get, operate: server.tokens.create('bot', 'operate') };
}

describe('GET /api/clusters/{cluster}/jobs/{id}/resubmit', () => {
  it("answers the job's options as a submit body, the wrap command from its stored script", async () => {
    const { get, operate, commands } = withScript(WRAPPED);
    const res = await get('/api/clusters/dev/jobs/6/resubmit', operate);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      cluster: 'dev',
      jobId: '6',
      source: 'controller',
      options: expect.objectContaining({
        wrap: 'python train.py',
        partition: 'gpu',
        time: '1-00:00:00',
        gres: 'gpu:a100:2',
        chdir: '/tmp/capwork',
      }),
      notes: [],
    });
    expect(commands).toContainEqual(['scontrol', 'write', 'batch_script', '6', '-']);
    expect(commands.some((argv) => argv[0] === 'sbatch')).toBe(false);
  });

  it('masks a credential in the script, and needs the operate role', async () => {
    const { get, operate, tokens } = withScript(
      '#!/bin/bash\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\npython x.py\n',
    );
    const res = await get('/api/clusters/dev/jobs/6/resubmit', operate);
    const options = res.body['options'] as { scriptText: string };
    expect(options.scriptText).toContain('python x.py');
    expect(options.scriptText).not.toContain('wJalrXUtnFEMI');
    const read = tokens.create('viewer', 'read');
    expect((await get('/api/clusters/dev/jobs/6/resubmit', read)).status).toBe(403);
  });

  it('falls back to accounting once the controller forgot the job, and says the script is gone', async () => {
    const server = serverUnderTest({
      // The controller no longer lists it (past MinJobAge): scontrol prints nothing for it.
      outputs: { scontrol: () => '', sacct: () => fixture('sacct-22.05-scenarios.txt') },
    });
    const operate = server.tokens.create('bot', 'operate');
    const res = await server.request('/api/clusters/dev/jobs/3/resubmit', { token: operate });
    expect(await res.json()).toMatchObject({
      source: 'accounting',
      options: { jobName: 'fail3', partition: 'cpu', chdir: '/tmp/capwork' },
      notes: ['no-script'],
    });
    const unknown = await server.request('/api/clusters/dev/jobs/999/resubmit', { token: operate });
    expect(unknown.status).toBe(404);
  });
});
