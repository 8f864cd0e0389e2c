import { useEffect, useRef, useState } from 'preact/hooks';
import { clusterPath, get } from './api.js';
import { errorText } from './failure.js';
import { t } from './i18n.js';
import type { SessionOutput } from './session-types.js';

const KEEP = 200_000; // characters kept on the page; older text scrolls away
const PAGE_BYTES = 64 * 1024;
// The login host holds each read open until output arrives (inotify), up to this long.
const WAIT_S = 20;

/**
 * The session's output as it grows: read from the start of its log, page by page, then held
 * open on the login host so new output arrives without polling.
 */
export function SessionOutputView({ name, live }: { name: string; live: boolean }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let stopped = false;
    let cursor = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setText('');
    const read = async () => {
      try {
        for (let more = true; !stopped;) {
          const wait: number = more || !live ? 0 : WAIT_S;
          const piece: SessionOutput = await get<SessionOutput>(
            `${clusterPath()}/sessions/${encodeURIComponent(name)}/output?cursor=${cursor}&maxBytes=${PAGE_BYTES}&wait=${wait}`,
          );
          if (stopped) return;
          cursor = piece.cursor;
          setError(undefined);
          if (piece.output) setText((old) => (old + piece.output).slice(-KEEP));
          more = piece.more;
          if (!more && !live) return;
        }
      } catch (e) {
        if (stopped) return;
        setError(errorText(e as Error));
        // The connection or the login host had a moment: try again shortly.
        if (live) timer = setTimeout(() => void read(), 5000);
      }
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [name, live]);

  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [text]);

  return (
    <>
      {error ? <p class="muted">{error}</p> : null}
      <pre class="log" ref={box} tabIndex={0} aria-label={t('output')} data-testid="session-output">
        {text || t('logEmpty')}
      </pre>
    </>
  );
}
