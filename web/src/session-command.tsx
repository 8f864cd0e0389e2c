import { useState } from 'preact/hooks';
import { clusterPath, post } from './api.js';
import { errorText } from './failure.js';
import { t } from './i18n.js';
import type { SessionOutput } from './session-types.js';

/** One command into the session's shell, and what it printed with its exit code. */
export function SessionCommand({ name }: { name: string }) {
  const [command, setCommand] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SessionOutput>();
  const [error, setError] = useState<string>();

  const run = async () => {
    if (!command.trim() || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await post<SessionOutput>(`${clusterPath()}/sessions/${encodeURIComponent(name)}/exec`, {
          command,
        }),
      );
    } catch (e) {
      setError(errorText(e as Error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <div class="row">
        <label class="field">
          <span class="muted">{t('command')}</span>
          <input
            class="mono"
            value={command}
            onInput={(e) => setCommand((e.target as HTMLInputElement).value)}
            placeholder="nvidia-smi"
            autoComplete="off"
            spellcheck={false}
            data-testid="command-input"
          />
        </label>
        <button type="submit" class="primary" disabled={busy || !command.trim()}>
          {busy ? t('running') : t('run')}
        </button>
      </div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div aria-live="polite">
          <p class="muted" data-testid="command-exit">
            {result.running
              ? t('stillRunning')
              : `${t('exitCode')}: ${result.exitCode ?? t('none')}`}
          </p>
          <pre class="log" data-testid="command-result">
            {result.output || t('logEmpty')}
          </pre>
        </div>
      ) : null}
    </form>
  );
}
