import type { KeyFileFacts } from '../status/node-facts.js';

/**
 * Why munged would refuse this key file ("Keyfile is insecure"), or [] when it would not: it
 * must be a regular file (not a symlink) owned by munge, with no group or other permissions,
 * in a folder nobody but its owner can write to.
 */
export function keyFileProblems(key: KeyFileFacts, mungeUser = 'munge'): string[] {
  if (key.error !== undefined || key.type === undefined) {
    return [`${key.path} cannot be read: ${key.error ?? 'no such file'}`];
  }
  const problems: string[] = [];
  if (key.type === 'symbolic link') problems.push(`${key.path} is a symbolic link`);
  else if (key.type !== 'regular file') problems.push(`${key.path} is a ${key.type}`);
  if (key.owner !== mungeUser)
    problems.push(`${key.path} is owned by ${key.owner}, not ${mungeUser}`);
  const mode = parseInt(key.mode ?? '0', 8);
  if ((mode & 0o077) !== 0) {
    problems.push(`${key.path} has mode ${key.mode}: group or others may read or write it`);
  }
  const dir = key.directory;
  if (dir && (parseInt(dir.mode, 8) & 0o022) !== 0 && (parseInt(dir.mode, 8) & 0o1000) === 0) {
    problems.push(`its folder has mode ${dir.mode}: group or others may write to it`);
  }
  return problems;
}
