import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { failedReport, jobMessage } from '../../../test/helpers/job-report.js';
import { startReceiver, type Receiver, type Reply } from '../../../test/helpers/http-receiver.js';
import { setupNotifier } from '../../../test/helpers/notify-setup.js';

// Every channel kind, sent for real to a local receiver: what arrives is what the service gets.
let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
});

async function deliver(
  spec: (host: string) => string,
  secrets: Record<string, string> = {},
  reply: Reply = { status: 200, body: '{"code":0,"errcode":0}' },
  language: 'en' | 'zh' = 'en',
) {
  receiver = await startReceiver(() => reply);
  const setup = setupNotifier({ c: spec(receiver.host) }, secrets, { language });
  setup.notifier.enqueue(jobMessage(failedReport, language), ['c']);
  const [result] = await setup.notifier.deliverDue();
  const [request] = receiver.requests;
  if (!request) throw new Error('nothing arrived');
  return { result, request, body: JSON.parse(request.body), now: setup.now() };
}

describe('delivery over HTTP', () => {
  it('ntfy: JSON to the root with the token', async () => {
    const { result, request, body } = await deliver((host) => `ntfy+http://${host}/jobs?token=@t`, {
      t: 'tk_abc',
    });
    expect(result).toMatchObject({ state: 'sent', status: 200 });
    expect(request).toMatchObject({ method: 'POST', url: '/' });
    expect(request.headers['authorization']).toBe('Bearer tk_abc');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(body).toMatchObject({
      topic: 'jobs',
      priority: 4,
      title: '[hpc] job 4242 train ran out of memory',
    });
  });

  it('Slack: blocks to the hook path taken from the credentials', async () => {
    const { result, request, body } = await deliver(
      (host) => `slack+http://${host}/services/@hook`,
      { hook: 'T0/B0/abcdefghijklmnopqrstuvwx' },
      { status: 200, body: 'ok' },
    );
    expect(result?.state).toBe('sent');
    expect(request.url).toBe('/services/T0/B0/abcdefghijklmnopqrstuvwx');
    expect(body.blocks[0].type).toBe('header');
  });

  it('Feishu: a signed post the receiver can verify', async () => {
    const { result, request, body, now } = await deliver(
      (host) => `feishu+http://${host}/open-apis/bot/v2/hook/@hook?secret=@sign`,
      { hook: 'abc-def', sign: 'fs-secret' },
      { status: 200, body: '{"code":0,"msg":"success"}' },
      'zh',
    );
    expect(result?.state).toBe('sent');
    expect(request.url).toBe('/open-apis/bot/v2/hook/abc-def');
    expect(body.timestamp).toBe(String(Math.floor(now / 1000)));
    const expected = createHmac('sha256', `${body.timestamp}\nfs-secret`)
      .update('')
      .digest('base64');
    expect(body.sign).toBe(expected);
    expect(body.content.post.zh_cn.title).toBe('❌ [hpc] 作业 4242 train 内存不足');
  });

  it('Feishu: a bad signature answered in the body is a failure, not a delivery', async () => {
    const { result } = await deliver(
      (host) => `feishu+http://${host}/hook/x?secret=@sign`,
      { sign: 'fs-secret' },
      {
        status: 200,
        body: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour"}',
      },
    );
    expect(result).toMatchObject({
      state: 'failed',
      error: 'HTTP 200: code 19021 sign match fail or timestamp is not within one hour',
    });
  });

  it('DingTalk: timestamp and sign in the query, verifiable by the receiver', async () => {
    const { result, request, body, now } = await deliver(
      (host) => `dingtalk+http://${host}/robot/send?access_token=@tok&secret=@sign`,
      { tok: 'dt-token', sign: 'SECxyz' },
      { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
    );
    expect(result?.state).toBe('sent');
    const url = new URL(request.url, 'http://x');
    expect(url.pathname).toBe('/robot/send');
    expect(url.searchParams.get('access_token')).toBe('dt-token');
    expect(url.searchParams.get('timestamp')).toBe(String(now));
    const expected = createHmac('sha256', 'SECxyz').update(`${now}\nSECxyz`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(body.msgtype).toBe('markdown');
  });

  it('DingTalk: "send too fast" in the body is retried', async () => {
    const { result } = await deliver(
      (host) => `dingtalk+http://${host}/robot/send?access_token=dt-token`,
      {},
      { status: 200, body: '{"errcode":130101,"errmsg":"send too fast"}' },
    );
    expect(result).toMatchObject({
      state: 'pending',
      error: 'HTTP 200: errcode 130101 send too fast',
    });
  });

  it('WeCom: markdown to the key in the query', async () => {
    const { result, request, body } = await deliver(
      (host) => `wecom+http://${host}/cgi-bin/webhook/send?key=@k`,
      { k: '693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa' },
      { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
    );
    expect(result?.state).toBe('sent');
    expect(request.url).toBe('/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa');
    expect(body.markdown.content).toMatch(/^### <font color="warning">/);
  });

  it('xxtui: title and content to the key path', async () => {
    const { result, request, body } = await deliver(
      (host) => `xxtui+http://${host}/xxtui/@k?from=lab`,
      { k: 'xxkey123' },
      { status: 200, body: '{"code":0,"message":"ok"}' },
    );
    expect(result?.state).toBe('sent');
    expect(request.url).toBe('/xxtui/xxkey123');
    expect(body).toMatchObject({ from: 'lab', title: '❌ [hpc] job 4242 train ran out of memory' });
  });
});
