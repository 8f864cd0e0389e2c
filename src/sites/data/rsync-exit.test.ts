import { describe, expect, it } from 'vitest';
import { explainRsyncExit } from './rsync-exit.js';

describe('rsync exit codes', () => {
  it('reads 255 as ssh to the other end failing, not as a signal', () => {
    const why = explainRsyncExit(255);
    expect(why.ok).toBe(false);
    expect(why.meaning).toContain('ssh to the other end failed');
    expect(why.hint).toContain('ssh -o BatchMode=yes HOST true');
  });

  it('still reads other codes above 128 as a signal', () => {
    expect(explainRsyncExit(137).meaning).toBe('rsync was killed (signal 9)');
  });
});
