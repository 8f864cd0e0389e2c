import type { Language, NotifyMessage } from '../../notify/index.js';

export interface GaveUp {
  cluster: string;
  node: string;
  tries: number;
  /** The last round's row: what was tried, or why it failed. */
  summary: string;
  hint: string | undefined;
  /** When the watch gave up (ms since the epoch): one message per giving up. */
  at: number;
}

/** What `admin recover --watch` sends when it stops working on a node. */
export function gaveUpMessage(event: GaveUp, language: Language): NotifyMessage {
  const zh = language === 'zh';
  return {
    event: 'admin.recover.gave_up',
    subject: `node/${event.cluster}/${event.node}`,
    dedupe: ['admin.recover.gave_up', event.cluster, event.node, String(event.at)],
    title: zh
      ? `[${event.cluster}] 节点 ${event.node} 自动恢复已放弃`
      : `[${event.cluster}] node ${event.node}: recover gave up`,
    severity: 'failure',
    tags: ['admin', 'node'],
    language,
    colon: zh ? '：' : ': ',
    intro: zh
      ? `尝试 ${event.tries} 次后仍不正常，需要人工处理。`
      : `Still not well after ${event.tries} tries; it needs a person.`,
    fields: [
      { label: zh ? '节点' : 'Node', value: event.node },
      { label: zh ? '最后结果' : 'Last result', value: event.summary },
    ],
    hint: {
      label: zh ? '下一步' : 'Next',
      text: event.hint ?? `slurmdeck --cluster ${event.cluster} admin doctor ${event.node}`,
    },
    tail: undefined,
    payload: {
      cluster: event.cluster,
      node: event.node,
      tries: event.tries,
      summary: event.summary,
    },
  };
}
