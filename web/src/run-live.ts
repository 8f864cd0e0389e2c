import { useEffect, useState } from 'preact/hooks';

// A page reads its charts again at most this often, however fast points arrive.
const REDRAW_EVERY_MS = 2000;

/**
 * Counts the event stream's word that these runs got new points or started/finished, while
 * `active`: charts read their range again on each count. One stream a page, closed with it.
 */
export function useRunUpdates(uids: readonly string[], active: boolean): number {
  const [count, setCount] = useState(0);
  const ids = uids.join(',');
  useEffect(() => {
    if (!active || !ids) return;
    const source = new EventSource(`/api/events?runs=${encodeURIComponent(ids)}`);
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bump = () => {
      if (timer) return;
      const wait = Math.max(0, last + REDRAW_EVERY_MS - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        last = Date.now();
        setCount((n) => n + 1);
      }, wait);
    };
    source.addEventListener('metrics', bump);
    source.addEventListener('run', bump);
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [ids, active]);
  return count;
}
