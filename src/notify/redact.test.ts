import { describe, expect, it } from 'vitest';
import { createRedactor, derivedSecrets, redactUrl } from './redact.js';

describe('redactUrl', () => {
  it.each([
    [
      'https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1',
      'https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1',
    ],
    [
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***',
    ],
    [
      'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'https://hooks.slack.com/services/T000/B000/***',
    ],
    [
      'https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd',
      'https://open.feishu.cn/open-apis/bot/v2/hook/***',
    ],
    ['smtp://alice:hunter2@mail.example.org:587', 'smtp://alice:***@mail.example.org:587'],
    ['ntfy://ntfy.sh/jobs?token=@ntfy', 'ntfy://ntfy.sh/jobs?token=@ntfy'],
    ['slack://hooks.slack.com/services/@hook', 'slack://hooks.slack.com/services/@hook'],
  ])('masks the credentials in %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('createRedactor', () => {
  it('removes known secrets, their URL-encoded form and the tokens in a secret URL', () => {
    const redact = createRedactor([
      'whsec_a+b/c==',
      'https://hooks.slack.com/services/T0/B0/abcdefghijklmnopqrstuvwx',
    ]);
    const text = [
      'sent whsec_a+b/c== and whsec_a%2Bb%2Fc%3D%3D',
      'POST /services/T0/B0/abcdefghijklmnopqrstuvwx failed',
    ].join('\n');
    const out = redact(text);
    expect(out).not.toContain('a+b/c');
    expect(out).not.toContain('a%2Bb');
    expect(out).not.toContain('abcdefghijklmnopqrstuvwx');
    expect(out).toContain('***');
  });

  it('masks credentials inside any URL in the text, even unknown ones', () => {
    const redact = createRedactor([]);
    expect(redact('fetch https://x.org/send?token=zzz failed')).toBe(
      'fetch https://x.org/send?token=*** failed',
    );
  });

  it('leaves text without secrets alone', () => {
    expect(createRedactor(['s3cret'])('HTTP 500: busy')).toBe('HTTP 500: busy');
  });
});

describe('createRedactor with very short values', () => {
  it('does not mask them inside ordinary words', () => {
    expect(createRedactor(['t', 'ab'])('send too fast')).toBe('send too fast');
  });
});

describe('createRedactor on derived forms', () => {
  const basic = Buffer.from('alice:pa55word-xyz').toString('base64');

  it('masks a known secret whatever its case', () => {
    expect(createRedactor(['Pa55word-XYZ'])('echo: pa55WORD-xyz!')).toBe('echo: ***!');
  });

  it('masks the base64 of user:password when it knows the pair', () => {
    const redact = createRedactor(derivedSecrets('alice', 'pa55word-xyz'));
    expect(redact(`got ${basic} back`)).toBe('got *** back');
    expect(redact(`got ${basic.toLowerCase()} back`)).toBe('got *** back');
  });

  it.each([
    [`Authorization: Basic ${basic}`, 'Authorization: Basic ***'],
    [`{"authorization":"Bearer tk_live_0123456789"}`, '{"authorization":"Bearer ***"}'],
    ['authorization: tk_live_0123456789', 'authorization: ***'],
    [`auth header was basic ${basic.toLowerCase()}, retry`, 'auth header was basic ***, retry'],
    ['bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'bearer ***'],
  ])('masks credentials by their place even when it knows no secret: %s', (text, expected) => {
    expect(createRedactor([])(text)).toBe(expected);
  });

  it('leaves ordinary words after "basic" alone', () => {
    expect(createRedactor([])('Basic authentication required')).toBe(
      'Basic authentication required',
    );
  });
});
