import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { displaySpec, parseChannelSpec } from './channel-spec.js';
import { credentialsFrom, emptyCredentials } from './credentials.js';
import { resolveChannel } from './resolve-channel.js';

const credentials = credentialsFrom({
  wh: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  slack_hook: 'T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX',
  slack_url: 'https://hooks.slack.com/services/T111/B111/YYYYYYYYYYYYYYYYYYYYYYYY',
  dt: 'dt-token-123',
  dt_sign: 'SECabc',
  pw: 'p@ss word',
});

describe('parseChannelSpec', () => {
  it.each([
    ['ntfy://ntfy.sh/jobs', 'ntfy', 'https', 'ntfy.sh/jobs'],
    ['ntfy+http://127.0.0.1:8080/jobs', 'ntfy', 'http', '127.0.0.1:8080/jobs'],
    ['webhook+https://x.org/hook?secret=@wh&a=1', 'webhook', 'https', 'x.org/hook?a=1'],
    [
      'lark://open.larksuite.com/open-apis/bot/v2/hook/@fs',
      'feishu',
      'https',
      'open.larksuite.com/open-apis/bot/v2/hook/@fs',
    ],
    ['slack://@slack_url', 'slack', 'https', '@slack_url'],
    ['smtp://alice@mail.x.org:587?to=a@x.org', 'email', 'starttls', 'alice@mail.x.org:587'],
    ['smtps://mail.x.org?to=a@x.org', 'email', 'tls', 'mail.x.org'],
    ['smtp+plain://localhost:25?to=a@x.org', 'email', 'plain', 'localhost:25'],
  ])('reads %s', (spec, kind, transport, address) => {
    expect(parseChannelSpec(spec)).toMatchObject({ kind, transport, address });
  });

  it('takes slurmdeck parameters out of the address and keeps the service ones', () => {
    expect(
      parseChannelSpec('dingtalk://oapi.dingtalk.com/robot/send?access_token=@dt&secret=@dt_sign'),
    ).toEqual({
      kind: 'dingtalk',
      transport: 'https',
      address: 'oapi.dingtalk.com/robot/send?access_token=@dt',
      params: { secret: '@dt_sign' },
    });
  });

  it.each([
    ['not a url', /KIND:\/\/ADDRESS/],
    ['pager://x.org', /unknown kind "pager"/],
    ['ntfy+ftp://x.org/t', /"ntfy\+ftp" is not known/],
    ['ntfy://ntfy.sh', /needs a topic/],
    ['smtp://mail.x.org', /needs \?to=/],
    ['slack://user:pw@hooks.slack.com/x', /not before the host/],
  ])('refuses %s', (spec, message) => {
    expect(() => parseChannelSpec(spec)).toThrow(message);
  });

  it('never puts an inline secret in its error', () => {
    try {
      parseChannelSpec('slack://user:hunter2@hooks.slack.com/x?token=topsecret');
      expect.unreachable();
    } catch (error) {
      expect(isSlurmdeckError(error, 'CHANNEL_INVALID')).toBe(true);
      expect(String((error as Error).message)).not.toMatch(/hunter2|topsecret/);
    }
  });
});

describe('resolveChannel', () => {
  it('fills a path segment, even one standing for several', () => {
    const channel = resolveChannel(
      's',
      'slack+http://127.0.0.1:9/services/@slack_hook',
      credentials,
    );
    expect(channel.url).toBe('http://127.0.0.1:9/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX');
    expect(channel.secrets).toContain('T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX');
    expect(channel.display).toBe('slack+http://127.0.0.1:9/services/@slack_hook');
  });

  it('takes a whole address from a credential', () => {
    expect(resolveChannel('s', 'slack://@slack_url', credentials).url).toBe(
      'https://hooks.slack.com/services/T111/B111/YYYYYYYYYYYYYYYYYYYYYYYY',
    );
  });

  it('fills and encodes query values, and own parameters', () => {
    const channel = resolveChannel(
      'd',
      'dingtalk://oapi.dingtalk.com/robot/send?access_token=@dt&secret=@dt_sign',
      credentials,
    );
    expect(channel.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=dt-token-123');
    expect(channel.params).toEqual({ secret: 'SECabc' });
  });

  it('names the missing credential and the file, with what to do', () => {
    try {
      resolveChannel(
        'n',
        'ntfy://ntfy.sh/t?token=@nope',
        emptyCredentials('/home/a/.config/slurmdeck/credentials.yaml'),
      );
      expect.unreachable();
    } catch (error) {
      expect(isSlurmdeckError(error, 'CHANNEL_INVALID')).toBe(true);
      expect((error as Error).message).toBe(
        'channel "n" refers to credential "nope", which cannot be found in /home/a/.config/slurmdeck/credentials.yaml',
      );
      expect((error as { hint?: string }).hint).toMatch(/chmod 600/);
    }
  });

  it('refuses a whole-address credential that is not a URL, without showing it', () => {
    const creds = credentialsFrom({ x: 'not-a-url-secret' });
    expect(() => resolveChannel('s', 'slack://@x', creds)).toThrow(
      /"x" is not an http\(s\) address/,
    );
    expect(() => resolveChannel('s', 'slack://@x', creds)).not.toThrow(/not-a-url-secret/);
  });
});

describe('displaySpec', () => {
  it('masks inline secrets but shows references', () => {
    expect(displaySpec('webhook+https://x.org/h?secret=whsec_abc')).toBe(
      'webhook+https://x.org/h?secret=***',
    );
    expect(displaySpec('smtp://a@m.org?to=b@x.org&password=hunter2')).not.toContain('hunter2');
    expect(displaySpec('ntfy://ntfy.sh/t?token=@ntfy')).toBe('ntfy://ntfy.sh/t?token=@ntfy');
  });
});
