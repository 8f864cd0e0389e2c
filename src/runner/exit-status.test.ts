import { describe, expect, it } from 'vitest';
import { canReraise, outcomeOf, shellExitCode } from './exit-status.js';

describe('shellExitCode', () => {
  it.each([
    [{ exitCode: 0, signal: null }, 0],
    [{ exitCode: 3, signal: null }, 3],
    [{ exitCode: null, signal: 'SIGTERM' }, 143],
    [{ exitCode: null, signal: 'SIGKILL' }, 137],
    [{ exitCode: null, signal: 'SIGUSR1' }, 138],
  ])('%j exits %i', (end, code) => {
    expect(shellExitCode(end)).toBe(code);
  });
});

describe('outcomeOf', () => {
  it('is success for exit 0, even after a time-limit warning', () => {
    expect(outcomeOf({ exitCode: 0, signal: null }, [])).toBe('success');
    expect(outcomeOf({ exitCode: 0, signal: null }, ['SIGUSR1', 'SIGTERM'])).toBe('success');
  });

  it('is failed for a non-zero exit nobody asked for', () => {
    expect(outcomeOf({ exitCode: 3, signal: null }, [])).toBe('failed');
    expect(outcomeOf({ exitCode: 1, signal: null }, ['SIGUSR1'])).toBe('failed');
  });

  it('is signalled when a signal killed the child', () => {
    expect(outcomeOf({ exitCode: null, signal: 'SIGKILL' }, [])).toBe('signalled');
  });

  it('is signalled when the child trapped a forwarded SIGTERM and exited non-zero', () => {
    expect(outcomeOf({ exitCode: 143, signal: null }, ['SIGTERM'])).toBe('signalled');
  });
});

describe('canReraise', () => {
  it('re-raises the stop signals, not SIGUSR1 (Node inspector) or crashes', () => {
    expect(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL'].every(canReraise)).toBe(true);
    expect([null, 'SIGUSR1', 'SIGSEGV', 'SIGABRT'].some(canReraise)).toBe(false);
  });
});
