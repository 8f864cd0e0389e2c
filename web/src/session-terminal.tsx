import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n.js';
import type { MountedTerminal, TerminalState } from './terminal-view.js';

/** The WebSocket address of a session's live terminal, on this server. */
function terminalUrl(cluster: string, name: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const path = `/api/clusters/${encodeURIComponent(cluster)}/sessions/${encodeURIComponent(name)}/terminal`;
  return `${scheme}://${location.host}${path}`;
}

/**
 * The session's own tmux pane, live, once asked for: xterm.js comes in its own chunk, so the
 * dashboard stays small for whoever never opens a terminal. Closing only detaches.
 */
export function SessionTerminal({ cluster, name }: { cluster: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<TerminalState>();
  const [reason, setReason] = useState<string>();
  const box = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const mounted = useRef<MountedTerminal | undefined>(undefined);

  useEffect(() => {
    if (!open) return;
    let current = true;
    setState('connecting');
    import('./terminal-view.js').then(
      ({ mountTerminal }) => {
        if (!current || !box.current) return;
        mounted.current = mountTerminal(box.current, terminalUrl(cluster, name), {
          onState: (next, why) => {
            if (!current) return;
            setState(next);
            setReason(why || undefined);
          },
          onLeave: () => closeButton.current?.focus(),
        });
      },
      (error: Error) => current && (setState('failed'), setReason(error.message)),
    );
    return () => {
      current = false;
      setState(undefined);
      setReason(undefined);
      mounted.current?.close();
      mounted.current = undefined;
    };
  }, [open, cluster, name]);

  if (!open) {
    return (
      <button class="primary" onClick={() => setOpen(true)} data-testid="open-terminal">
        {t('openTerminal')}
      </button>
    );
  }
  return (
    <>
      <div class="toolbar">
        <button ref={closeButton} onClick={() => setOpen(false)}>
          {t('closeTerminal')}
        </button>
        {state === 'closed' || state === 'failed' ? (
          <button onClick={() => (setOpen(false), setTimeout(() => setOpen(true)))}>
            {t('reconnect')}
          </button>
        ) : null}
        <span class="muted" aria-live="polite" data-testid="terminal-state">
          {state ? t(`terminal_${state}`) : ''}
          {reason ? ` · ${reason}` : ''}
        </span>
        <span class="spacer" />
        <span class="muted">{t('terminalKeys')}</span>
      </div>
      <div class="terminal-box" role="group" aria-label={t('terminal')}>
        <div class="terminal-fit" ref={box} data-testid="terminal" />
      </div>
    </>
  );
}
