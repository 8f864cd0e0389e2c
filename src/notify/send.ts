import { SlurmdeckError } from '../core/errors.js';
import { classifyMailError, classifyResponse, describeError, type Attempt } from './attempt.js';
import { dingtalkChannel } from './channels/dingtalk.js';
import { mailOptions, sendMail } from './channels/email.js';
import { feishuChannel } from './channels/feishu.js';
import { ntfyChannel } from './channels/ntfy.js';
import { slackChannel } from './channels/slack.js';
import type { HttpChannel, HttpRequest, Outgoing } from './channels/types.js';
import { webhookChannel } from './channels/webhook.js';
import { wecomChannel } from './channels/wecom.js';
import { xxtuiChannel } from './channels/xxtui.js';
import type { ChannelKind } from './channel-spec.js';
import type { ResolvedChannel } from './resolve-channel.js';

const HTTP_CHANNELS: Record<Exclude<ChannelKind, 'email'>, HttpChannel> = {
  webhook: webhookChannel,
  ntfy: ntfyChannel,
  slack: slackChannel,
  feishu: feishuChannel,
  dingtalk: dingtalkChannel,
  wecom: wecomChannel,
  xxtui: xxtuiChannel,
};

export interface SendOptions {
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  now: number;
  /** Masks the channel's secrets in what the server answers, before it is cut short. */
  redact?: (text: string) => string;
}

/** The request one attempt would make (for tests and `--dry-run`-style inspection). */
export function buildRequest(
  channel: ResolvedChannel,
  outgoing: Outgoing,
  now: number,
): HttpRequest {
  if (channel.kind === 'email') {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'mail channels do not make HTTP requests');
  }
  return HTTP_CHANNELS[channel.kind].build(channel, outgoing, now);
}

/** One attempt to deliver: never throws for a delivery problem, it reports it. */
export async function sendOnce(
  channel: ResolvedChannel,
  outgoing: Outgoing,
  options: SendOptions,
): Promise<Attempt> {
  if (channel.kind === 'email') {
    try {
      const result = await sendMail(mailOptions(channel, outgoing), options.timeoutMs);
      if (result.accepted.length === 0) {
        return {
          result: 'failed',
          status: undefined,
          error: `no recipient accepted: ${result.response}`,
        };
      }
      return { result: 'sent', status: undefined, detail: result.response };
    } catch (error) {
      if (error instanceof SlurmdeckError) throw error;
      return classifyMailError(error);
    }
  }
  const impl = HTTP_CHANNELS[channel.kind];
  const request = impl.build(channel, outgoing, options.now);
  try {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const response = await options.fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
    });
    const body = await response.text();
    return classifyResponse(
      response.status,
      response.headers.get('retry-after'),
      body,
      options.now,
      impl.check,
      options.redact,
    );
  } catch (error) {
    return {
      result: 'retry',
      status: undefined,
      error: describeError(error),
      retryAfterMs: undefined,
    };
  }
}
