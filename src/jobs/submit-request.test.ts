import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocationOf, localScriptRequest, submitRequest } from './submit-request.js';

const script = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'slurmdeck-submit-')), 'job.sbatch');
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
  it('lets the options win over the script, as sbatch does', () => {
    const request = { scriptText: '#SBATCH -p gpu\n#SBATCH -G 4\n', partition: 'cpu', time: '5' };
    expect(allocationOf(request)).toEqual({ partition: 'cpu', gpus: '4', time: '5' });
  });
});

describe('submitRequest: the one validation of a submit', () => {
  const ssh = {
    transport: { kind: 'ssh' as const },
    defaults: { partition: 'cpu', account: 'lab' },
  };

  it('fills the cluster defaults under what was given, and types counts from text', () => {
    expect(
      submitRequest({ wrap: 'true', partition: 'gpu', cpusPerTask: '2', json: true }, ssh),
    ).toEqual({
      partition: 'gpu',
      account: 'lab',
      cpusPerTask: 2,
      wrap: 'true',
    });
  });

  it('refuses bad options and bad command lines before anything runs', () => {
    expect(() => submitRequest({ wrap: 'true', time: '1 hour' }, ssh)).toThrow(/invalid time/);
    expect(() => submitRequest({ wrap: 'true', partition: 'a;b' }, ssh)).toThrow(
      /not a valid partition/,
    );
    expect(() => submitRequest({ wrap: ' ' }, ssh)).toThrow(/wrap needs a command line/);
    expect(() => submitRequest({ scriptText: 'echo hi' }, ssh)).toThrow(/#!/);
    expect(() => submitRequest({ scriptPath: '-x' }, ssh)).toThrow(/looks like a flag/);
  });

  it('takes exactly one source, named in the words of the face', () => {
    expect(() => submitRequest({ wrap: 'true', scriptText: '#!/bin/sh' }, ssh)).toThrow(
      expect.objectContaining({
        message: 'give one of scriptText, wrap, not several',
        hint: 'Pass exactly one of scriptText, scriptPath, localScriptPath, wrap.',
      }),
    );
    const cli = { labels: { localScriptPath: 'a script', wrap: '--wrap' }, nothing: 'Give one.' };
    expect(() => submitRequest({ wrap: 'x', localScriptPath: 'a.sh' }, ssh, cli)).toThrow(
      expect.objectContaining({
        message: 'give one of a script, --wrap, not several',
        hint: 'Pass exactly one of a script, --wrap.',
      }),
    );
    expect(() => submitRequest({}, ssh, cli)).toThrow(
      expect.objectContaining({ message: 'nothing to submit', hint: 'Give one.' }),
    );
    expect(() => submitRequest({ wrap: 'x', scriptArgs: ['a'] }, ssh)).toThrow(
      /scriptArgs need scriptPath or localScriptPath/,
    );
  });
});
