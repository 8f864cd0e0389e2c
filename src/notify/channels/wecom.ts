import { clipBytes } from '../format.js';
import { chatMarkdown } from './dingtalk.js';
import { JSON_HEADERS, checkCode, type HttpChannel } from './types.js';

// 45009 "api freq out of limit", -1 system busy.
const RETRYABLE = [45009, -1];
/** WeCom refuses markdown content over 4096 bytes of UTF-8. */
const MAX_BYTES = 4096;

const COLORS = { success: 'info', warning: 'comment', failure: 'warning' } as const;

/** WeCom group robot: markdown, the title coloured by outcome (info green, warning orange). */
export const wecomChannel: HttpChannel = {
  build(channel, outgoing) {
    const { message } = outgoing;
    const [first, ...rest] = chatMarkdown(message, 1500).split('\n');
    const title = `### <font color="${COLORS[message.severity]}">${(first ?? '').replace(/^### /, '')}</font>`;
    return {
      url: channel.url,
      headers: { ...JSON_HEADERS },
      body: JSON.stringify({
        msgtype: 'markdown',
        markdown: { content: clipBytes([title, ...rest].join('\n'), MAX_BYTES) },
      }),
    };
  },
  check: (body) => checkCode(body, 'errcode', 'errmsg', RETRYABLE),
};
