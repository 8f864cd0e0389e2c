import { createHmac } from 'node:crypto';
import { clip } from '../format.js';
import { markedTitle, type NotifyMessage } from '../message.js';
import { JSON_HEADERS, checkCode, type HttpChannel } from './types.js';

/**
 * DingTalk robot signature: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)) with the
 * timestamp in milliseconds; both go in the query (`&timestamp=...&sign=...`).
 */
export function signDingTalk(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

// 130101 "send too fast", 410100 rate limited, -1 system busy.
const RETRYABLE = [130101, 410100, -1];

/** Markdown as DingTalk and WeCom render it: bold labels, a quoted log tail. */
export function chatMarkdown(message: NotifyMessage, maxTail = 4000): string {
  const parts = [`### ${markedTitle(message)}`, ''];
  if (message.intro) parts.push(message.intro, '');
  const colon = message.colon;
  for (const { label, value } of message.fields) parts.push(`**${label}**${colon}${value}  `);
  if (message.hint) parts.push('', `**${message.hint.label}**${colon}${message.hint.text}`);
  if (message.tail) {
    const tail = clip(message.tail.lines.join('\n'), maxTail);
    parts.push(
      '',
      `**${message.tail.label}**${colon.trim()}`,
      ...tail.split('\n').map((l) => `> ${l}`),
    );
  }
  return parts.join('\n');
}

/** DingTalk group robot: a markdown message; the title is what the notification preview shows. */
export const dingtalkChannel: HttpChannel = {
  build(channel, outgoing, now) {
    const url = new URL(channel.url);
    const secret = channel.params['secret'];
    if (secret) {
      url.searchParams.set('timestamp', String(now));
      url.searchParams.set('sign', signDingTalk(secret, now));
    }
    return {
      url: url.toString(),
      headers: { ...JSON_HEADERS },
      body: JSON.stringify({
        msgtype: 'markdown',
        markdown: {
          title: markedTitle(outgoing.message),
          text: chatMarkdown(outgoing.message),
        },
      }),
    };
  },
  check: (body) => checkCode(body, 'errcode', 'errmsg', RETRYABLE),
};
