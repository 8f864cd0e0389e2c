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
    expect(tmux).toMatch(/^slurmdeck-train-[0-9a-f]{6}$/);
  });

  it('still knows the sdk- names older versions gave their sessions', () => {
    expect(isOurTmuxName('sdk-train-abc123')).toBe(true);
    expect(nameOfTmux('sdk-my-run-abc123')).toBe('my-run');
    expect(nameOfTmux('slurmdeck-my-run-abc123')).toBe('my-run');
  });
});
