/** What one line srun prints on stderr (with `-v`) says about the job it waits for or got. */
export type SrunMessage =
  { kind: 'queued'; jobId: string } | { kind: 'allocated'; jobId: string; nodes: string };

/**
 * `srun: job 42 queued and waiting for resources` and, with -v,
 * ``srun: jobid 41: nodes(1):`n1', cpu counts: 1(x1)``; anything else is undefined.
 */
export function parseSrunMessage(line: string): SrunMessage | undefined {
  const queued = /job (\d+) queued and waiting/.exec(line);
  if (queued?.[1]) return { kind: 'queued', jobId: queued[1] };
  const allocated = /jobid (\d+): nodes\(\d+\):`([^']+)'/.exec(line);
  if (allocated?.[1] && allocated[2]) {
    return { kind: 'allocated', jobId: allocated[1], nodes: allocated[2] };
  }
  return undefined;
}
