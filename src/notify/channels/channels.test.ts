import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { credentialsFrom } from '../credentials.js';
import type { Language } from '../message.js';
import { failedReport, jobMessage } from '../../../test/helpers/job-report.js';
import { resolveChannel } from '../resolve-channel.js';
import { buildRequest } from '../send.js';
import { signDingTalk } from './dingtalk.js';
import { signFeishu } from './feishu.js';
import type { Outgoing } from './types.js';
import { signStandardWebhook } from './webhook.js';

const credentials = credentialsFrom({
  wh: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  fs: 'feishu-secret',
  dt: 'SECdingsecret',
  ntfy: 'tk_token',
});
const now = 1_700_000_000_123;

function outgoing(language: Language): Outgoing {
  return {
    key: 'msg_key',
    message: jobMessage(failedReport, language),
    createdAt: 1_700_000_000_000,
  };
}

const build = (spec: string, language: Language = 'en') =>
  buildRequest(resolveChannel('c', spec, credentials), outgoing(language), now);

describe('signStandardWebhook', () => {
  it("matches the Standard Webhooks reference library's published example", () => {
    expect(
      signStandardWebhook(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('refuses a secret that is not base64', () => {
    expect(() => signStandardWebhook('whsec_not base64!', 'id', 1, '')).toThrow(/whsec_<base64>/);
  });
});

describe('webhook', () => {
  it('sends a signed JSON event with the key as webhook-id and Idempotency-Key', () => {
    const request = build('webhook+http://127.0.0.1:9/hook?secret=@wh');
    expect(request.url).toBe('http://127.0.0.1:9/hook');
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ type: 'job.ended', timestamp: '2023-11-14T22:13:20.000Z' });
    expect(body.data.report).toEqual(failedReport);
    expect(request.headers).toMatchObject({
      'webhook-id': 'msg_key',
      'webhook-timestamp': '1700000000',
      'idempotency-key': 'msg_key',
    });
    expect(request.headers['webhook-signature']).toBe(
      signStandardWebhook(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_key',
        1700000000,
        request.body,
      ),
    );
  });
});

describe('ntfy', () => {
  it('publishes JSON to the server root with priority and tags by outcome, and a token', () => {
    const request = build('ntfy+http://127.0.0.1:9/jobs?token=@ntfy', 'zh');
    expect(request.url).toBe('http://127.0.0.1:9/');
    expect(request.headers['authorization']).toBe('Bearer tk_token');
    expect(JSON.parse(request.body)).toMatchObject({
      topic: 'jobs',
      title: '[hpc] 作业 4242 train 内存不足',
      priority: 4,
      tags: ['rotating_light', 'slurm', 'out_of_memory'],
    });
  });

  it('keeps a server path prefix and uses basic auth for user and password', () => {
    const creds = credentialsFrom({ pw: 'pass' });
    const channel = resolveChannel(
      'n',
      'ntfy://ntfy.example.org/sub/jobs?user=alice&password=@pw',
      creds,
    );
    const request = buildRequest(channel, outgoing('en'), now);
    expect(request.url).toBe('https://ntfy.example.org/sub/');
    expect(request.headers['authorization']).toBe(
      `Basic ${Buffer.from('alice:pass').toString('base64')}`,
    );
  });
});

describe('slack', () => {
  it('sends a header, the fields in mrkdwn, the log tail as code and a text fallback', () => {
    const body = JSON.parse(build('slack+http://127.0.0.1:9/services/T/B/X').body);
    expect(body.text.split('\n')[0]).toBe('❌ [hpc] job 4242 train ran out of memory');
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '❌ [hpc] job 4242 train ran out of memory', emoji: true },
    });
    expect(body.blocks[1].text.text).toContain('*Exit:* code 0, signal 9 (SIGKILL)');
    expect(body.blocks[2].text.text).toBe('*Last log lines:*\n```step 100 loss 0.3\nKilled```');
    expect(body.blocks[3].elements[0].text).toBe('💡 Ask for more memory.');
  });
});

describe('feishu', () => {
  it('signs with HMAC keyed by "timestamp\\nsecret" over nothing, timestamp in seconds', () => {
    const expected = createHmac('sha256', '1700000000\nfeishu-secret')
      .update(Buffer.alloc(0))
      .digest('base64');
    expect(signFeishu('feishu-secret', 1700000000)).toBe(expected);
  });

  it('sends a post in the configured language, signed', () => {
    const body = JSON.parse(
      build('feishu+http://127.0.0.1:9/open-apis/bot/v2/hook/x?secret=@fs', 'zh').body,
    );
    expect(body.timestamp).toBe('1700000000');
    expect(body.sign).toBe(signFeishu('feishu-secret', 1700000000));
    expect(body.msg_type).toBe('post');
    expect(body.content.post.zh_cn.title).toBe('❌ [hpc] 作业 4242 train 内存不足');
    expect(body.content.post.zh_cn.content[0]).toEqual([
      { tag: 'text', text: '作业：4242 train (alice)' },
    ]);
  });

  it('sends no signature fields without a secret', () => {
    const body = JSON.parse(build('feishu+http://127.0.0.1:9/hook/x').body);
    expect(body).not.toHaveProperty('sign');
    expect(body.content.post.en_us).toBeDefined();
  });
});

describe('dingtalk', () => {
  it('signs in the query: HMAC(secret, "ms\\nsecret"), base64, URL-encoded', () => {
    const request = build('dingtalk+http://127.0.0.1:9/robot/send?access_token=tok&secret=@dt');
    const url = new URL(request.url);
    expect(url.searchParams.get('access_token')).toBe('tok');
    expect(url.searchParams.get('timestamp')).toBe(String(now));
    const expected = createHmac('sha256', 'SECdingsecret')
      .update(`${now}\nSECdingsecret`)
      .digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(signDingTalk('SECdingsecret', now)).toBe(expected);
    const body = JSON.parse(request.body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe('❌ [hpc] job 4242 train ran out of memory');
    expect(body.markdown.text).toContain('**Nodes**: gpu[01-02]');
    expect(body.markdown.text).toContain('> Killed');
  });
});

describe('wecom', () => {
  it('sends markdown with the title coloured by outcome, within 4096 bytes', () => {
    const long = { ...failedReport, logTail: Array.from({ length: 15 }, () => '日志'.repeat(100)) };
    const out = { ...outgoing('zh'), message: jobMessage(long, 'zh') };
    const channel = resolveChannel(
      'w',
      'wecom+http://127.0.0.1:9/cgi-bin/webhook/send?key=k',
      credentials,
    );
    const body = JSON.parse(buildRequest(channel, out, now).body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content.split('\n')[0]).toBe(
      '### <font color="warning">❌ [hpc] 作业 4242 train 内存不足</font>',
    );
    expect(Buffer.byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
  });
});

describe('xxtui', () => {
  it('sends from, title, content and the chosen route', () => {
    const request = build(
      'xxtui+http://127.0.0.1:9/xxtui/KEY?from=a-very-long-sender-name-indeed&channel=WX_MP',
    );
    expect(request.url).toBe('http://127.0.0.1:9/xxtui/KEY');
    const body = JSON.parse(request.body);
    expect(body.from).toHaveLength(20);
    expect(body).toMatchObject({
      title: '❌ [hpc] job 4242 train ran out of memory',
      channel: 'WX_MP',
    });
    expect(body.content).toContain('Elapsed: 1:02:03 of 4:00:00 (26%)');
  });
});
