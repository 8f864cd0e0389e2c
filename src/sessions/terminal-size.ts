import { SlurmdeckError } from '../core/errors.js';

/** Columns and rows of a terminal. */
export interface TerminalSize {
  cols: number;
  rows: number;
}

/** What a terminal may measure: enough for any screen, too little to make tmux allocate much. */
export const TERMINAL_LIMITS = { cols: [2, 1000], rows: [2, 500] } as const;

/** A size within TERMINAL_LIMITS, or INVALID_ARGUMENT. */
export function checkSize({ cols, rows }: TerminalSize): TerminalSize {
  const fits = (n: number, [lo, hi]: readonly [number, number]) =>
    Number.isInteger(n) && n >= lo && n <= hi;
  if (!fits(cols, TERMINAL_LIMITS.cols) || !fits(rows, TERMINAL_LIMITS.rows)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `not a terminal size: ${cols}x${rows}`, {
      hint: 'Columns 2-1000, rows 2-500.',
    });
  }
  return { cols, rows };
}
