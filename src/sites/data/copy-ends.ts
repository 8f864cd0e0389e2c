import type { EventLog } from '../../events/index.js';
import type { Language, Notifier, NotifyMessage } from '../../notify/index.js';
import { formatBytes, formatDuration } from '../../core/format.js';
import type { CopyPhase, CopyState } from './data-copy.js';
import type { CopyStore } from './copy-store.js';

declare module '../../events/types.js' {
  interface EventPayloads {
    'data.copy.ended': {
      id: string;
      source: string;
      target: string;
      phase: CopyPhase;
      exitCode: number | undefined;
      meaning: string | undefined;
      bytes: number | undefined;
      seconds: number;
    };
  }
}

/** A copy that ran at least this long gets a notification when it ends; a failed one always. */
export const LONG_COPY_S = 60;

const ENDED: readonly CopyPhase[] = ['done', 'failed', 'lost', 'gone'];

export interface CopyEndDeps {
  store: CopyStore;
  events: EventLog;
  notifier?: Notifier | undefined;
  /** Seconds since the epoch. */
  nowS?: () => number;
}

/**
 * Records each copy seen ended for the first time: marks it in the store (of several processes
 * looking, one wins), appends a `data.copy.ended` event, and queues a notification for a long or
 * failed copy. Returns the copies it recorded.
 */
export function recordCopyEnds(states: readonly CopyState[], deps: CopyEndDeps): CopyState[] {
  const now = deps.nowS?.() ?? Math.floor(Date.now() / 1000);
  return states.filter((state) => {
    if (!ENDED.includes(state.phase) || state.endedAt !== undefined) return false;
    if (!deps.store.markEnded(state.id, now)) return false;
    const seconds = Math.max(0, now - state.startedAt);
    deps.events.append({
      kind: 'data.copy.ended',
      cluster: state.cluster,
      subject: `copy/${state.cluster}/${state.id}`,
      once: String(now),
      payload: {
        id: state.id,
        source: state.source,
        target: state.target,
        phase: state.phase,
        exitCode: state.exitCode,
        meaning: state.meaning,
        bytes: state.progress?.bytes,
        seconds,
      },
    });
    const notifier = deps.notifier;
    if (notifier && (state.phase !== 'done' || seconds >= LONG_COPY_S)) {
      notifier.enqueue(copyEndMessage(state, seconds, now, notifier.language));
    }
    return true;
  });
}

const WORDS = {
  en: {
    colon: ': ',
    phase: {
      running: 'running',
      done: 'copied',
      failed: 'failed',
      lost: 'stopped',
      gone: 'gone',
      unreachable: 'unreachable',
    },
    title: (id: string, what: string) => `copy ${id} ${what}`,
    source: 'From',
    target: 'To',
    moved: 'Moved',
    took: 'Took',
    why: 'Why',
    next: 'Next',
  },
  zh: {
    colon: '：',
    phase: {
      running: '进行中',
      done: '已完成',
      failed: '失败',
      lost: '已中断',
      gone: '已不存在',
      unreachable: '无法连接',
    },
    title: (id: string, what: string) => `拷贝 ${id} ${what}`,
    source: '源',
    target: '目标',
    moved: '已传输',
    took: '用时',
    why: '原因',
    next: '下一步',
  },
} as const;

/** The notification of a copy's end, in the notifier's language. */
export function copyEndMessage(
  state: CopyState,
  seconds: number,
  endedAt: number,
  language: Language,
): NotifyMessage {
  const t = WORDS[language];
  const fields = [
    { label: t.source, value: state.source },
    { label: t.target, value: state.target },
    ...(state.progress ? [{ label: t.moved, value: formatBytes(state.progress.bytes) }] : []),
    { label: t.took, value: formatDuration(seconds) },
    ...(state.phase !== 'done' && state.meaning ? [{ label: t.why, value: state.meaning }] : []),
  ];
  return {
    event: 'data.copy.ended',
    subject: `copy/${state.cluster}/${state.id}`,
    dedupe: [state.cluster, 'copy', state.id, String(endedAt)],
    title: `[${state.cluster}] ${t.title(state.id, t.phase[state.phase])}`,
    severity: state.phase === 'done' ? 'success' : 'failure',
    tags: ['copy'],
    language,
    colon: t.colon,
    intro: undefined,
    fields,
    hint: state.phase !== 'done' && state.hint ? { label: t.next, text: state.hint } : undefined,
    tail: state.errors.length > 0 ? { label: 'rsync', lines: state.errors } : undefined,
    payload: { copy: { id: state.id, phase: state.phase, exitCode: state.exitCode ?? null } },
  };
}
