const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Lets a job that was just requeued start again now instead of after Slurm's two-minute hold
 * (BeginTime). `asRoot` runs a Slurm command as root against the dev cluster.
 */
export async function releaseRequeuedJob(asRoot: (argv: string[]) => string, jobId: string) {
  const deadline = Date.now() + 90_000;
  while (asRoot(['squeue', '-h', '-j', jobId, '-o', '%T']) !== 'PENDING') {
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not turn pending after requeue`);
    await sleep(250);
  }
  // slurmd refuses a credential issued in the same second as (or before) the one it revoked for
  // the first start ("ctime <= revoked", whole seconds): released at once, the second start can
  // fail to launch. Slurm's own hold never hits this; a test must wait it out.
  await sleep(2_100);
  asRoot(['scontrol', 'update', `jobid=${jobId}`, 'StartTime=now']);
}
