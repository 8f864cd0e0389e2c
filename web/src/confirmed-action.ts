import { useRef, useState } from 'preact/hooks';
import { post } from './api.js';
import { errorText } from './failure.js';

/**
 * An action that asks first, as the server does it: the first POST answers with a summary and
 * a confirm token, the second carries the token back with the same body. `asking` holds the
 * first answer while the dialog is open; `done` runs with the answer once the action went through.
 */
export function useConfirmedAction<T extends { summary: string; confirmToken?: string }>(
  url: string,
  done: (answer: T) => void | Promise<void>,
) {
  const [asking, setAsking] = useState<T>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const sent = useRef<object>({});
  const ask = async (body: object = {}) => {
    setBusy(true);
    setError(undefined);
    sent.current = body;
    try {
      setAsking(await post<T>(url, body));
    } catch (e) {
      setError(errorText(e as Error));
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!asking) return;
    setBusy(true);
    try {
      const answer = await post<T>(url, { ...sent.current, confirmToken: asking.confirmToken });
      setAsking(undefined);
      await done(answer);
    } catch (e) {
      setError(errorText(e as Error));
      setAsking(undefined);
    } finally {
      setBusy(false);
    }
  };
  return { asking, busy, error, ask, confirm, dismiss: () => setAsking(undefined) };
}
