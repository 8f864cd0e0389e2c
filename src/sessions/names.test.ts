import { describe, expect, it } from 'vitest';
import { assertSessionName, isOurTmuxName, nameOfTmux, newTmuxName } from './names.js';

describe('session names', () => {
  it('refuses names tmux would change or read as a target', () => {
    for (const bad of ['a.b', 'a:b', '-x', '', 'a b', 'x'.repeat(41)]) {
      expect(() => assertSessionName(bad)).toThrow(/not a session name/);
    }
    expect(assertSessionName('train-01_a')).toBe('train-01_a');
  });

  it('gives each start its own tmux name, recognisably ours', () => {
    const tmux = newTmuxName('train');
    expect(tmux).not.toBe(newTmuxName('train'));
    expect(isOurTmuxName(tmux)).toBe(true);
    expect(nameOfTmux(tmux)).toBe('train');
    expect(isOurTmuxName('work')).toBe(false);
  });
});
