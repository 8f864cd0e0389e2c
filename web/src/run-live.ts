import { useEffect, useState } from 'preact/hooks';

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
    const bump = () => setCount((n) => n + 1);
    source.addEventListener('metrics', bump);
    source.addEventListener('run', bump);
    return () => source.close();
  }, [ids, active]);
  return count;
}
