import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, fakeCluster, testDeps } from '../../../test/helpers/mcp-fakes.js';
import type { McpDeps } from '../deps.js';

let deps: McpDeps | undefined;
afterEach(async () => {
  await deps?.close();
});

type Structured = {
  status: string;
  summary: string;
  confirmToken?: string;
  jobId?: string;
  watched: boolean;
};

async function submit(client: Client, args: Record<string, unknown>) {
  const result = await client.callTool({ name: 'submit_job', arguments: args });
  const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
  return { result, text, structured: result.structuredContent as Structured };
}

const SCRIPT = [
  '#!/bin/bash',
  '#SBATCH --gpus=a100:2',
  '#SBATCH -c 8 --mem=32G',
  '#SBATCH --time=4:00:00',
  'export WANDB_API_KEY=a1b2c3d4e5f6a7b8c9d0',
  'python train.py',
].join('\n');

describe('submit_job asks first: a job spends money', () => {
  it('first states what would be allocated, with a token, and submits nothing', async () => {
    const cluster = fakeCluster([]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const { structured, text } = await submit(client, {
      scriptText: SCRIPT,
      partition: 'gpu',
      jobName: 'train',
    });
    expect(structured.status).toBe('confirmation_required');
    expect(structured.confirmToken).toMatch(/^confirm-/);
    // The script's #SBATCH lines count: the person sees the GPUs it really asks for.
    expect(structured.summary).toMatch(/Submit a job "train" on cluster fake/);
    expect(structured.summary).toContain(
      'partition gpu, GPUs: a100:2 in all, 1 node(s), 1 task(s) x 8 CPU(s), memory 32G, time limit 4:00:00',
    );
    expect(text).toMatch(/^NOT DONE YET/);
    expect(cluster.submitted).toEqual([]);
  });

  it('submits with the token and the very same arguments, once, and audits it without the script', async () => {
    const cluster = fakeCluster([]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const args = { scriptText: SCRIPT, partition: 'gpu' };
    const first = await submit(client, args);
    const confirmToken = first.structured.confirmToken;
    const other = await submit(client, { ...args, gpus: '8', confirmToken });
    expect(other.text).toMatch(/^CONFIRMATION_INVALID: the confirm token was issued for other/);
    expect(cluster.submitted).toEqual([]);
    const done = await submit(client, { ...args, confirmToken });
    expect(done.structured).toMatchObject({ status: 'submitted', jobId: '1001' });
    expect(cluster.submitted).toHaveLength(1);
    const again = await submit(client, { ...args, confirmToken });
    expect(again.text).toMatch(/already used/);
    expect(cluster.submitted).toHaveLength(1);
    const [entry] = deps.audit.entries();
    expect(entry).toMatchObject({
      face: 'mcp',
      action: 'job.submit',
      cluster: 'fake',
      confirmedVia: 'token',
      outcome: 'done',
      target: { allocation: expect.stringContaining('GPUs: a100:2') },
    });
    const row = JSON.stringify(deps.db.prepare('SELECT * FROM audit_log').all());
    expect(row).not.toContain('a1b2c3d4e5f6a7b8c9d0');
    expect(row).not.toContain('python train.py');
  });

  it('masks a secret on a command line, in the summary and the audit log', async () => {
    const cluster = fakeCluster([]);
    deps = testDeps(cluster);
    const client = await connect(deps, () => ({ action: 'accept', content: { confirm: true } }));
    const { structured } = await submit(client, {
      wrap: 'HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz0123456789 python x.py',
    });
    expect(structured.status).toBe('submitted');
    expect(structured.summary).not.toContain('hf_abcdefghij');
    const rows = JSON.stringify(deps.db.prepare('SELECT * FROM audit_log').all());
    expect(rows).toContain('python x.py');
    expect(rows).not.toContain('hf_abcdefghij');
  });

  it('shows a command line with \\r and erase-line codes as it will run, not as a terminal draws it', async () => {
    deps = testDeps(fakeCluster([]));
    const client = await connect(deps);
    const wrap = 'rm -rf ~/data\r\x1b[2Kecho hello';
    const { structured } = await submit(client, { wrap, partition: 'gpu' });
    expect(structured.summary).toContain('rm -rf ~/data\\r\\u{1b}[2Kecho hello');
    expect(structured.summary).not.toContain('\r');
    expect(structured.summary).not.toContain('\x1b');
  });

  it('submits nothing when the user declines in the client', async () => {
    const cluster = fakeCluster([]);
    deps = testDeps(cluster);
    const asked: string[] = [];
    const client = await connect(deps, (request) => {
      asked.push(String(request.params.message));
      return { action: 'decline' };
    });
    const { structured } = await submit(client, { wrap: 'true', gpus: '1', time: '10' });
    expect(asked[0]).toMatch(/GPUs: 1 in all.*time limit 10/);
    expect(asked[0]).toMatch(/Submit this job\?$/);
    expect(structured).toMatchObject({ status: 'declined', watched: false });
    expect(cluster.submitted).toEqual([]);
    expect(deps.audit.entries()).toEqual([]);
  });

  it('checks the arguments before asking anything', async () => {
    const cluster = fakeCluster([]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const { result, text } = await submit(client, { wrap: 'true', scriptText: 'x' });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/^INVALID_ARGUMENT: give one of scriptText, wrap/);
    const missing = await submit(client, { localScriptPath: '/nowhere/train.sbatch' });
    expect(missing.text).toMatch(/^INVALID_ARGUMENT: no such script: \/nowhere\/train.sbatch\n/);
  });

  it('checks every option before asking: no token for a call that cannot run', async () => {
    const cluster = fakeCluster([]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    for (const bad of [{ time: '1 hour' }, { partition: 'gpu;rm' }, { mem: 'lots' }]) {
      const { result, text, structured } = await submit(client, { wrap: 'true', ...bad });
      expect(result.isError, text).toBe(true);
      expect(text).toMatch(/^INVALID_ARGUMENT: /);
      expect(structured).toBeUndefined();
    }
    expect(cluster.submitted).toEqual([]);
  });

  it("refuses a time limit over the partition's MaxTime before asking or dry-running", async () => {
    const cluster = fakeCluster([]);
    cluster.partitions.push({
      name: 'cpu',
      isDefault: true,
      availability: 'up',
      maxTimeSeconds: 86_400,
      nodes: [],
      cpus: { allocated: 0, idle: 0, other: 0, total: 0 },
      gpus: { allocated: 0, idle: 0, other: 0, total: 0 },
      gpusByType: {},
    });
    deps = testDeps(cluster);
    const client = await connect(deps);
    const over = [
      { wrap: 'true', time: '99999999999' },
      { wrap: 'true', time: '99999999999', dryRun: true },
      { scriptText: '#!/bin/bash\n#SBATCH -t 2-00:00:00\ntrue\n', partition: 'cpu' },
    ];
    for (const args of over) {
      const { result, text, structured } = await submit(client, args);
      expect(result.isError, text).toBe(true);
      expect(text).toMatch(
        /^INVALID_ARGUMENT: time limit .* is over the partition's MaxTime \(cpu 1-00:00:00\)/,
      );
      expect(structured).toBeUndefined();
    }
    const fits = await submit(client, { wrap: 'true', time: '1-00:00:00' });
    expect(fits.structured.status).toBe('confirmation_required');
    expect(cluster.submitted).toEqual([]);
  });

  it('returns the job id when what follows the submission fails: the job is queued all the same', async () => {
    const cluster = fakeCluster([]);
    // The state database goes away while sbatch answers: the audit row and the watch list
    // both fail once the job exists.
    deps = testDeps(cluster, {
      openCluster: (name) => {
        const handle = cluster.handle(name);
        const submitted = handle.slurm.submit;
        handle.slurm = {
          ...handle.slurm,
          submit: async (request, options) => {
            const result = await submitted(request, options);
            deps?.db.close();
            return result;
          },
        };
        return handle;
      },
    });
    const client = await connect(deps, () => ({ action: 'accept', content: { confirm: true } }));
    const { result, text, structured } = await submit(client, { wrap: 'true', watch: true });
    expect(result.isError, text).toBeFalsy();
    expect(cluster.submitted).toHaveLength(1);
    expect(structured).toMatchObject({
      status: 'submitted',
      jobId: '1001',
      watched: false,
      warnings: [expect.stringMatching(/not open/), expect.stringMatching(/not open/)],
    });
    expect(text).toMatch(/^Submitted job 1001 on cluster fake\. Not watched: .*watch_jobs/);
    expect(text).toMatch(/do not submit it again/);
  });
});
