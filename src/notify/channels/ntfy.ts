import { plainBody, type Severity } from '../message.js';
import { JSON_HEADERS, type HttpChannel } from './types.js';

const PRIORITY: Record<Severity, number> = { success: 3, warning: 3, failure: 4 };
const TAGS: Record<Severity, string> = {
  success: 'white_check_mark',
  warning: 'warning',
  failure: 'rotating_light',
};

/**
 * ntfy, published as JSON to the server root (https://docs.ntfy.sh/publish/#publish-as-json):
 * the title travels in the body because HTTP headers cannot carry a Chinese title. The first tag
 * is an emoji by severity; priority is high for failures.
 */
export const ntfyChannel: HttpChannel = {
  build(channel, outgoing) {
    const url = new URL(channel.url);
    const segments = url.pathname.split('/');
    const topic = decodeURIComponent(segments.pop() || segments.pop() || '');
    url.pathname = `${segments.join('/')}/`;
    url.search = '';
    const { token, user, password } = channel.params;
    const auth = token
      ? `Bearer ${token}`
      : user
        ? `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}`
        : undefined;
    const { message } = outgoing;
    return {
      url: url.toString(),
      headers: { ...JSON_HEADERS, ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify({
        topic,
        title: message.title,
        message: plainBody(message),
        priority: message.event === 'notify.test' ? 3 : PRIORITY[message.severity],
        tags: [TAGS[message.severity], ...message.tags],
      }),
    };
  },
};
