import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSacct, type JobDetail } from '../slurm/index.js';
import { parseScontrolJob } from '../slurm/scontrol-job.js';
import { resubmitFromAccounting, resubmitFromController } from './resubmit-options.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../slurm/fixtures/${name}`, import.meta.url), 'utf8');
const job = (name: string) => parseScontrolJob(fixture(name)) as JobDetail;

describe('resubmitFromController', () => {
  it('turns a --wrap job back into its command line, with partition, time, gres and work dir', () => {
    const script =
      '#!/bin/sh\n# This script was created by sbatch --wrap.\n\npython train.py --lr 3e-4\n';
    const { options, notes } = resubmitFromController(
      job('scontrol-22.05-running-gres.txt'),
      script,
    );
    expect(options).toEqual({
      wrap: 'python train.py --lr 3e-4',
      jobName: 'gpu run',
      partition: 'gpu',
      account: 'lab',
      qos: 'normal',
      time: '1-00:00:00',
      gres: 'gpu:a100:2',
      chdir: '/tmp/capwork',
      nodelist: 'n2',
    });
    expect(notes).toEqual([]);
  });

  it('keeps any other stored script whole, and reads GPUs per job, nodes and tasks', () => {
    const script = '#!/bin/bash\n#SBATCH --mem=1G\nsrun hostname\n';
    const perJob = resubmitFromController(job('scontrol-22.05-gpus-per-job.txt'), script);
    expect(perJob.options).toMatchObject({ scriptText: script, gpus: '1' });
    expect(perJob.options).not.toHaveProperty('wrap');
    const twoNodes = resubmitFromController(job('scontrol-22.05-two-nodes.txt'), undefined);
    expect(twoNodes.options).toMatchObject({ nodes: '2', ntasks: 2, gres: 'gpu:a100:1' });
    // No stored script and Command=(null): nothing to run is carried over, and it says so.
    expect(twoNodes.notes).toEqual(['no-script']);
    expect(Object.keys(twoNodes.options)).not.toContain('scriptPath');
  });

  it('falls back to the script path of Command, and never carries the old output paths', () => {
    const detail = job('scontrol-22.05-failed.txt');
    const withPath = {
      ...detail,
      command: '/home/u/run.sh',
      raw: { ...detail.raw, MinMemoryNode: '4G' },
    };
    const { options } = resubmitFromController(withPath, undefined);
    expect(options).toMatchObject({ scriptPath: '/home/u/run.sh', mem: '4G', time: '1-00:00:00' });
    expect(JSON.stringify(options)).not.toContain('slurm-2.out');
  });
});

describe('resubmitFromAccounting', () => {
  it('gives resources and work dir, and says the script is not known', () => {
    const [record] = parseSacct(fixture('sacct-22.05-scenarios.txt'));
    const { options, notes } = resubmitFromAccounting(record!);
    expect(options).toMatchObject({ jobName: 'fail3', partition: 'cpu', chdir: '/tmp/capwork' });
    expect(notes).toEqual(['no-script']);
  });
});
