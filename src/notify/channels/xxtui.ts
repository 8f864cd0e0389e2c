import { clip } from '../format.js';
import { markedTitle, plainBody } from '../message.js';
import { JSON_HEADERS, checkCode, type HttpChannel } from './types.js';

/**
 * xxtui (www.xxtui.com/xxtui/KEY): JSON `{ from, title, content, channel? }`; `from` is at most
 * 20 characters; `channel` picks xxtui's own route (WX_MP, EMAIL...), passed through as given.
 */
export const xxtuiChannel: HttpChannel = {
  build(channel, outgoing) {
    const { from, channel: route } = channel.params;
    return {
      url: channel.url,
      headers: { ...JSON_HEADERS },
      body: JSON.stringify({
        from: clip(from || 'slurmdeck', 20),
        title: clip(markedTitle(outgoing.message), 100),
        content: clip(plainBody(outgoing.message), 2000),
        ...(route ? { channel: route } : {}),
      }),
    };
  },
  check: (body) => checkCode(body, 'code', 'message', []),
};
