import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { forwardSignals } from './forward-signals.js';

describe('forwardSignals', () => {
  it('hands each job signal over and lets go of them on undo', () => {
    const source = new EventEmitter();
    const got: string[] = [];
    const undo = forwardSignals(source, (s) => got.push(s));
    for (const s of ['SIGTERM', 'SIGINT', 'SIGUSR1', 'SIGUSR2', 'SIGHUP']) source.emit(s);
    expect(got).toEqual(['SIGTERM', 'SIGINT', 'SIGUSR1', 'SIGUSR2', 'SIGHUP']);
    undo();
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });

  it('passes a repeat of the same signal within a second on only once', () => {
    const source = new EventEmitter();
    const got: string[] = [];
    let t = 0;
    forwardSignals(
      source,
      (s) => got.push(s),
      () => t,
    );
    source.emit('SIGTERM');
    t = 5;
    source.emit('SIGTERM');
    source.emit('SIGUSR1');
    t = 1500;
    source.emit('SIGTERM');
    expect(got).toEqual(['SIGTERM', 'SIGUSR1', 'SIGTERM']);
  });
});
