import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, fakeCluster, job, testDeps } from '../../../test/helpers/mcp-fakes.js';
import type { McpDeps } from '../deps.js';

let deps: McpDeps | undefined;
afterEach(async () => {
  await deps?.close();
});

type Structured = {
  status: string;
  summary: string;
  confirmToken?: string;
  cancelled: string[];
};

async function cancel(client: Client, args: Record<string, unknown>) {
  const result = await client.callTool({ name: 'cancel_jobs', arguments: args });
  const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
  return { result, text, structured: result.structuredContent as Structured | undefined };
}

describe('cancel_jobs without elicitation (confirm token)', () => {
  it('first returns a precise summary and a token, and cancels nothing', async () => {
    const cluster = fakeCluster([job('101', { name: 'train-llm' }), job('102')]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const { structured, text } = await cancel(client, { jobIds: ['101'] });
    expect(structured).toMatchObject({ status: 'confirmation_required', cancelled: [] });
    expect(structured?.summary).toMatch(/101 "train-llm" RUNNING for 0:01:05 on n1/);
    expect(structured?.confirmToken).toMatch(/^confirm-/);
    expect(text).toMatch(/^NOT DONE YET/);
    expect(cluster.cancelled).toEqual([]);
  });

  it('acts on the second call with the token, once', async () => {
    const cluster = fakeCluster([job('101'), job('102')]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const first = await cancel(client, { jobIds: ['101'] });
    const confirmToken = first.structured?.confirmToken;
    const second = await cancel(client, { jobIds: ['101'], confirmToken });
    expect(second.structured).toMatchObject({ status: 'done', cancelled: ['101'] });
    expect(cluster.cancelled).toEqual([['101']]);
    expect(deps.audit.entries()).toMatchObject([
      {
        face: 'mcp',
        action: 'job.cancel',
        cluster: 'fake',
        target: { jobIds: ['101'] },
        confirmedVia: 'token',
        outcome: 'done',
      },
    ]);
    cluster.queue.push(job('101'));
    const again = await cancel(client, { jobIds: ['101'], confirmToken });
    expect(again.result.isError).toBe(true);
    expect(again.text).toMatch(/^CONFIRMATION_INVALID: the confirm token was already used/);
    expect(cluster.cancelled).toHaveLength(1);
  });

  it('refuses a token issued for other jobs, and cancels nothing', async () => {
    const cluster = fakeCluster([job('101'), job('102')]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const first = await cancel(client, { jobIds: ['101'] });
    const other = await cancel(client, {
      jobIds: ['102'],
      confirmToken: first.structured?.confirmToken,
    });
    expect(other.result.isError).toBe(true);
    expect(other.text).toMatch(/was issued for other arguments; nothing was done/);
    expect(cluster.cancelled).toEqual([]);
  });

  it('refuses an expired token', async () => {
    const cluster = fakeCluster([job('101')]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const { token } = deps.confirmations.issue(
      { action: 'cancel_jobs', args: { cluster: 'fake', jobIds: ['101'] } },
      { summary: 's', ttlMs: -1 },
    );
    const late = await cancel(client, { jobIds: ['101'], confirmToken: token });
    expect(late.text).toMatch(/^CONFIRMATION_INVALID: the confirm token has expired/);
    expect(cluster.cancelled).toEqual([]);
  });

  it("refuses another user's job before asking anything", async () => {
    const cluster = fakeCluster([job('101'), job('200', { user: 'bob' })]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const { result, text } = await cancel(client, { jobIds: ['101', '200'] });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/^NOT_PERMITTED: not your job: 200 \(bob\); nothing was cancelled/);
    expect(cluster.cancelled).toEqual([]);
  });
});

describe('cancel_jobs with elicitation', () => {
  it('cancels nothing when the user declines', async () => {
    const cluster = fakeCluster([job('101')]);
    deps = testDeps(cluster);
    const asked: string[] = [];
    const client = await connect(deps, (request) => {
      asked.push(String(request.params.message));
      return { action: 'decline' };
    });
    const { structured, text } = await cancel(client, { jobIds: ['101'] });
    expect(asked[0]).toMatch(/Cancel 1 job\(s\) of alice on cluster fake/);
    expect(structured).toMatchObject({ status: 'declined', cancelled: [] });
    expect(text).toMatch(/Nothing was done/);
    expect(cluster.cancelled).toEqual([]);
  });

  it('cancels nothing when the user accepts the form but says no', async () => {
    const cluster = fakeCluster([job('101')]);
    deps = testDeps(cluster);
    const client = await connect(deps, () => ({ action: 'accept', content: { confirm: false } }));
    expect((await cancel(client, { jobIds: ['101'] })).structured?.status).toBe('declined');
    expect(cluster.cancelled).toEqual([]);
  });

  it('cancels when the user confirms, and audits it', async () => {
    const cluster = fakeCluster([job('101')]);
    deps = testDeps(cluster);
    const client = await connect(deps, () => ({ action: 'accept', content: { confirm: true } }));
    const { structured } = await cancel(client, { jobIds: ['101'] });
    expect(structured).toMatchObject({ status: 'done', cancelled: ['101'] });
    expect(cluster.cancelled).toEqual([['101']]);
    expect(deps.audit.entries()[0]?.confirmedVia).toBe('elicitation');
  });

  it('falls back to a token when the client cannot show the form after all', async () => {
    const cluster = fakeCluster([job('101')]);
    deps = testDeps(cluster);
    const client = await connect(deps, () => {
      throw new Error('no UI here');
    });
    const { structured } = await cancel(client, { jobIds: ['101'] });
    expect(structured?.status).toBe('confirmation_required');
    expect(cluster.cancelled).toEqual([]);
  });
});

describe('cancel_jobs by filter', () => {
  it('shows the exact list the filter finds, and cancels only that list once confirmed', async () => {
    const cluster = fakeCluster([
      job('201', { state: 'PENDING', name: 'sweep' }),
      job('202', { state: 'PENDING', name: 'sweep' }),
      job('203', { state: 'RUNNING', name: 'sweep' }),
      job('204', { state: 'PENDING', name: 'other' }),
    ]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const args = { mine: true, states: ['PD'], name: 'sweep' };
    const first = await cancel(client, args);
    expect(first.structured?.summary).toMatch(/ids 201, 202\)/);
    expect(first.structured?.summary).not.toMatch(/203|204/);
    const done = await cancel(client, { ...args, confirmToken: first.structured?.confirmToken });
    expect(done.structured).toMatchObject({ status: 'done', cancelled: ['201', '202'] });
    expect(cluster.cancelled).toEqual([['201', '202']]);
  });

  it('asks again, cancelling nothing, when the filter finds other jobs by the confirmed call', async () => {
    const cluster = fakeCluster([job('301', { state: 'PENDING' })]);
    deps = testDeps(cluster);
    const client = await connect(deps);
    const first = await cancel(client, { mine: true, states: ['PENDING'] });
    cluster.queue.push(job('302', { state: 'PENDING' }));
    const second = await cancel(client, {
      mine: true,
      states: ['PENDING'],
      confirmToken: first.structured?.confirmToken,
    });
    expect(second.result.isError).toBe(true);
    expect(second.text).toMatch(/^CONFIRMATION_INVALID/);
    expect(cluster.cancelled).toEqual([]);
  });

  it('refuses a filter without mine, and ids with a filter, before asking anything', async () => {
    deps = testDeps(fakeCluster([job('401', { state: 'PENDING' })]));
    const client = await connect(deps);
    for (const args of [{ states: ['PD'] }, { jobIds: ['401'], mine: true }, {}]) {
      const { result, text } = await cancel(client, args);
      expect(result.isError).toBe(true);
      expect(text).toMatch(/^INVALID_ARGUMENT/);
    }
  });
});
