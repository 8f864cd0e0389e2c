/** What an rsync exit code means for the person whose copy it was, and what to do. */
export function explainRsyncExit(code: number): { ok: boolean; meaning: string; hint?: string } {
  switch (code) {
    case 0:
      return { ok: true, meaning: 'copied' };
    case 20:
      return {
        ok: false,
        meaning: 'stopped by a signal (cancelled, or the data node stopped it)',
        hint: 'Resume it: `slurmdeck data resume ID` continues from the partial files.',
      };
    case 23:
      return {
        ok: false,
        meaning: 'some files or attributes were not copied (see the errors: often permissions)',
        hint: 'Fix what the errors name (read access at the source, write access at the target), then resume.',
      };
    case 24:
      return {
        ok: false,
        meaning: 'some source files vanished while copying (they changed during the copy)',
        hint: 'Usually harmless for files a running job rewrites; resume to pick up what is there now.',
      };
    case 11:
      return {
        ok: false,
        meaning: 'a file could not be read or written (disk full or quota reached?)',
        hint: 'Check free space and quota on the target (`df`, the site quota), then resume.',
      };
    case 12:
    case 10:
    case 30:
    case 35:
      return {
        ok: false,
        meaning: 'the connection between the two ends failed or timed out',
        hint: 'Resume it; rsync keeps the partial files.',
      };
    case 1:
    case 2:
    case 3:
      return {
        ok: false,
        meaning: 'rsync refused the paths or options',
        hint: 'Check that the source exists and the target folder can be created.',
      };
    case 255:
      // ssh's own exit code: rsync never reached the other end.
      return {
        ok: false,
        meaning: 'ssh to the other end failed (host key not known, key refused, or host down)',
        hint: "On the copy's host, `ssh -o BatchMode=yes HOST true` must work without a prompt (the host in known_hosts, your key accepted there); then resume.",
      };
    default:
      if (code > 128) {
        return {
          ok: false,
          meaning: `rsync was killed (signal ${code - 128})`,
          hint: 'Resume it: `slurmdeck data resume ID` continues from the partial files.',
        };
      }
      return {
        ok: false,
        meaning: `rsync failed (exit ${code})`,
        hint: 'Read the errors, then resume.',
      };
  }
}
