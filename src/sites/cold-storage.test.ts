import { describe, expect, it } from 'vitest';
import { coldStorageUse } from './cold-storage.js';
import { siteProfile } from './profiles.js';

const sjtu = siteProfile('sjtu', { user: '/nonexistent' }).profile;

describe('coldStorageUse', () => {
  it('finds cold storage in --chdir, the script path and the script text', () => {
    const found = coldStorageUse('sjtu', sjtu, {
      chdir: '/archive/home/acct/u/run1',
      scriptPath: '/lustre/home/acct/u/train.sh',
      scriptText: [
        '#!/bin/bash',
        '#SBATCH --output=/vault/home/acct/u/out.log',
        '# the old data was in /archive/old (a comment: not read)',
        'python train.py --data=/union/home/acct/u/imagenet --out /lustre/home/acct/u/ckpt',
        'cp "/archive/home/acct/u/x.tar" .',
      ].join('\n'),
    });
    expect(found).toEqual([
      { where: '--chdir', path: '/archive/home/acct/u/run1', pool: 'archive' },
      { where: 'line 2 of the script', path: '/vault/home/acct/u/out.log', pool: 'vault' },
      { where: 'line 4 of the script', path: '/union/home/acct/u/imagenet', pool: 'union' },
      { where: 'line 5 of the script', path: '/archive/home/acct/u/x.tar', pool: 'archive' },
    ]);
  });

  it('does not mistake a longer name for a cold mount', () => {
    expect(coldStorageUse('sjtu', sjtu, { scriptText: 'ls /archives /vaulted /lustre/x' })).toEqual(
      [],
    );
  });
});
