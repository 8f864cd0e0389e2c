/** What Slurm sends a job: scancel and the time limit (TERM), `--signal=USR1@60` warnings, hangups. */
export const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGUSR1', 'SIGUSR2', 'SIGHUP'] as const;

/**
 * Slurm signals a batch step's process group and its process tree, so one scancel reaches us twice
 * within milliseconds; the child got both copies itself, so a repeat this soon is not passed on.
 */
const REPEAT_WINDOW_MS = 1000;

/** `process`, or an emitter standing in for it in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/**
 * Catches the signals a job receives and hands each to `deliver` (kill the child) instead of
 * dying, so the child can save its work and we can still write the record. Returns the undo.
 */
export function forwardSignals(
  source: SignalSource,
  deliver: (signal: NodeJS.Signals) => void,
  now: () => number = Date.now,
): () => void {
  const last = new Map<NodeJS.Signals, number>();
  const listeners = FORWARDED_SIGNALS.map((signal) => {
    const listener = () => {
      const previous = last.get(signal);
      if (previous !== undefined && now() - previous < REPEAT_WINDOW_MS) return;
      last.set(signal, now());
      deliver(signal);
    };
    source.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) source.off(signal, listener);
  };
}
