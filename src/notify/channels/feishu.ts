import { createHmac } from 'node:crypto';
import { markedTitle, plainBody } from '../message.js';
import { JSON_HEADERS, checkCode, type HttpChannel } from './types.js';

/**
 * Feishu/Lark custom bot signature: HMAC-SHA256 keyed with `${timestamp}\n${secret}` over an
 * empty message, base64; the timestamp is in seconds and must be within an hour of Feishu's clock.
 */
export function signFeishu(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

// 11232 and 230020: Feishu's message rate limits (the answer is HTTP 200 or 400 with this code).
const RATE_LIMITED = [11232, 230020, 9499];

/** Feishu/Lark custom bot: a rich-text `post` message, one paragraph per line. */
export const feishuChannel: HttpChannel = {
  build(channel, outgoing, now) {
    const { message } = outgoing;
    const lines = plainBody(message).split('\n');
    const post = {
      title: markedTitle(message),
      content: lines.map((line) => [{ tag: 'text', text: line }]),
    };
    const secret = channel.params['secret'];
    const timestamp = Math.floor(now / 1000);
    return {
      url: channel.url,
      headers: { ...JSON_HEADERS },
      body: JSON.stringify({
        ...(secret ? { timestamp: String(timestamp), sign: signFeishu(secret, timestamp) } : {}),
        msg_type: 'post',
        content: { post: { [message.language === 'zh' ? 'zh_cn' : 'en_us']: post } },
      }),
    };
  },
  check: (body) => checkCode(body, 'code', 'msg', RATE_LIMITED),
};
