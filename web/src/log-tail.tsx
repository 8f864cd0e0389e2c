import { useEffect, useRef, useState } from 'preact/hooks';
import { HttpError, clusterPath, get } from './api.js';
import { t } from './i18n.js';
import type { OutputResponse } from './types.js';

const KEEP = 200_000; // characters of log kept on the page; older text scrolls away
const EVERY_MS = 2000;

/** Reads the job's log from where the last read ended, while the job runs and once after. */
export function LogTail({ jobId, finished }: { jobId: string; finished: boolean }) {
  const [text, setText] = useState('');
  const [path, setPath] = useState<string>();
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string>();
  const cursor = useRef<string>('0');
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    cursor.current = '0';
    setText('');
    setMissing(false);
  }, [jobId]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const url = () =>
      `${clusterPath()}/jobs/${encodeURIComponent(jobId)}/output?cursor=${encodeURIComponent(cursor.current)}`;
    const read = async () => {
      try {
        for (let more = true; more && !stopped;) {
          const piece = await get<OutputResponse>(url());
          if (stopped) return;
          // Shorter than where we were: the file was truncated or replaced (a requeued run, a
          // job id used again): read it from the start.
          if (piece.size < Number(cursor.current)) {
            cursor.current = '0';
            setText('');
            continue;
          }
          cursor.current = String(piece.nextCursor);
          setPath(piece.path);
          setMissing(false);
          setError(undefined);
          if (piece.output) setText((old) => (old + piece.output).slice(-KEEP));
          more = piece.more;
        }
      } catch (e) {
        if (stopped) return;
        if (e instanceof HttpError && e.status === 404) setMissing(true);
        else setError((e as Error).message);
      }
      if (!stopped && !finished) timer = setTimeout(() => void read(), EVERY_MS);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, finished]);

  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [text]);

  if (missing && !text) return <p class="muted">{t('logMissing')}</p>;
  return (
    <>
      {path ? <p class="muted mono">{path}</p> : null}
      {error ? <p class="muted">{error}</p> : null}
      <pre class="log" ref={box} tabIndex={0} aria-label={t('log')} data-testid="log">
        {text || t('logEmpty')}
      </pre>
    </>
  );
}
