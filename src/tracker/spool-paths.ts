import { posix } from 'node:path';

/** Run uids become folder names: the remote discovery reports only names of this form. */
export const RUN_UID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** The spool root of a job: `$SLURMDECK_SPOOL_DIR`, else `.slurmdeck/` under its work dir. */
export function spoolRoot(workDir: string, spoolDir?: string): string {
  return spoolDir && spoolDir !== '' ? spoolDir : posix.join(workDir, '.slurmdeck');
}

/** A run's spool folder and its files, as the client writes them. */
export function runSpoolFiles(root: string, uid: string) {
  const dir = posix.join(root, 'tracker', uid);
  return {
    dir,
    init: posix.join(dir, 'run.json'),
    batches: posix.join(dir, 'batches.ndjson'),
    finish: posix.join(dir, 'finish.json'),
  };
}
