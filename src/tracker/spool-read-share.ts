/**
 * How many bytes each followed file reads in one poll: `base` each (a file that keeps up needs
 * no more), and a file known to have a backlog past that takes more from what is left of
 * `perPoll`, in order, so a backlog is read in few round trips while one poll's answer stays
 * bounded (at most `perPoll`, or `base` per file when there are more files than that covers).
 */
export function shareReads(backlogs: readonly number[], base: number, perPoll: number): number[] {
  let left = Math.max(0, perPoll - base * backlogs.length);
  return backlogs.map((backlog) => {
    const extra = Math.min(Math.max(0, backlog - base), left);
    left -= extra;
    return base + extra;
  });
}
