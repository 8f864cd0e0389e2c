import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allocationFromFlags,
  allocationOf,
  localScriptRequest,
  scriptDirectives,
} from './submit-request.js';

const script = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'sdk-submit-')), 'job.sbatch');
  writeFileSync(file, text);
  return file;
};

describe('localScriptRequest', () => {
  it('lets sbatch read the file on a local cluster, arguments and all', () => {
    const file = script('#!/bin/bash\necho hi\n');
    expect(localScriptRequest({ kind: 'local' }, { partition: 'cpu' }, file, ['a'])).toEqual({
      partition: 'cpu',
      script: file,
      args: ['a'],
    });
  });

  it('sends the text over ssh, and refuses arguments there', () => {
    const file = script('#!/bin/bash\necho hi\n');
    expect(localScriptRequest({ kind: 'ssh' }, {}, file)).toEqual({
      scriptText: '#!/bin/bash\necho hi\n',
    });
    expect(() => localScriptRequest({ kind: 'ssh' }, {}, file, ['a'])).toThrow(
      /script arguments need the script on the cluster/,
    );
  });

  it('names a missing script, with the hint the face gives', () => {
    expect(() => localScriptRequest({ kind: 'ssh' }, {}, '/nowhere/x.sh')).toThrow(
      'no such script: /nowhere/x.sh',
    );
    expect(() =>
      localScriptRequest({ kind: 'ssh' }, {}, '/nowhere/x.sh', [], { missing: 'Use scriptPath.' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', hint: 'Use scriptPath.' }));
  });
});

describe('what a job allocates', () => {
  it('reads #SBATCH lines up to the first command, in every spelling', () => {
    const text = [
      '#!/bin/bash',
      '#SBATCH -p gpu',
      '#SBATCH --gpus=a100:2 --cpus-per-task 8  # two GPUs',
      '#SBATCH -t4:00:00',
      '# a comment',
      '#SBATCH --nodes=2 --mem=16G --exclusive',
      'echo start',
      '#SBATCH --partition=ignored',
    ].join('\n');
    expect(scriptDirectives(text)).toEqual({
      partition: 'gpu',
      gpus: 'a100:2',
      cpusPerTask: '8',
      time: '4:00:00',
      nodes: '2',
      mem: '16G',
    });
  });

  it('lets the options win over the script, as sbatch does', () => {
    const request = { scriptText: '#SBATCH -p gpu\n#SBATCH -G 4\n', partition: 'cpu', time: '5' };
    expect(allocationOf(request)).toEqual({ partition: 'cpu', gpus: '4', time: '5' });
  });

  it('takes the last of a repeated srun flag', () => {
    expect(allocationFromFlags(['--gpus=1', '--partition=gpu', '--gpus=2'])).toEqual({
      gpus: '2',
      partition: 'gpu',
    });
  });
});
