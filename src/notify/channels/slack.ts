import { clip } from '../format.js';
import { markedTitle, plainBody } from '../message.js';
import { JSON_HEADERS, type HttpChannel } from './types.js';

/** Slack's mrkdwn treats these three as control characters. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack incoming webhook: a header block, the fields as one mrkdwn section, the log tail as a
 * code block and the hint as context; `text` is the fallback shown in notifications.
 * Limits: header 150 characters, section text 3000.
 */
export const slackChannel: HttpChannel = {
  build(channel, outgoing) {
    const { message } = outgoing;
    const colon = message.colon.trim();
    const fields = message.fields.map(
      (f) => `*${escapeSlack(f.label)}${colon}* ${escapeSlack(f.value)}`,
    );
    const blocks: unknown[] = [
      {
        type: 'header',
        text: { type: 'plain_text', text: clip(markedTitle(message), 150), emoji: true },
      },
    ];
    if (message.intro) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeSlack(message.intro) } });
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(fields.join('\n'), 3000) } });
    if (message.tail) {
      const code = clip(escapeSlack(message.tail.lines.join('\n')), 2900);
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${escapeSlack(message.tail.label)}${colon}*\n\`\`\`${code}\`\`\``,
        },
      });
    }
    if (message.hint) {
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: clip(`💡 ${escapeSlack(message.hint.text)}`, 3000) }],
      });
    }
    return {
      url: channel.url,
      headers: { ...JSON_HEADERS },
      body: JSON.stringify({
        text: clip(`${markedTitle(message)}\n${plainBody(message)}`, 3000),
        blocks,
      }),
    };
  },
};
