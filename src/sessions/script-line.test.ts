import { describe, expect, it } from 'vitest';
import { LOGIN_USER, scriptLine, SESSION_JOB } from './script-line.js';

describe('scriptLine', () => {
  it.each([
    [['scancel', '-u', LOGIN_USER, '-n', SESSION_JOB], 'scancel -u "$me" -n "$T"'],
    [
      ['squeue', '-h', '-O', 'JobID:0\x1f,Name:0', '--me'],
      "squeue -h -O 'JobID:0\x1f,Name:0' --me",
    ],
    [['echo', "it's", '$HOME'], `echo 'it'\\''s' '$HOME'`],
  ])('renders %j as %s', (argv, line) => {
    expect(scriptLine(argv)).toBe(line);
  });

  it('runs in sh as the argv it came from, with the stand-ins filled in', async () => {
    const { execFileSync } = await import('node:child_process');
    const line = scriptLine(['printf', '%s|', SESSION_JOB, LOGIN_USER, "a 'b' $c"]);
    const out = execFileSync('sh', ['-c', `T=sdk-x-000000; me=alice; ${line}`], {
      encoding: 'utf8',
    });
    expect(out).toBe("sdk-x-000000|alice|a 'b' $c|");
  });
});
