import type { SiteProfile } from './profile-schema.js';
import { mapPath, poolOfPath } from './pools.js';

export interface ColdStorageUse {
  /** Where it was found: `--chdir`, the script's path, or a line of the script. */
  where: string;
  path: string;
  pool: string;
}

/**
 * Cold storage a job would read: slow, and at some sites read-only or unmounted on compute
 * nodes. Looks at the working folder, the script's own path, and paths in the script's text.
 */
export function coldStorageUse(
  site: string,
  profile: SiteProfile,
  job: { chdir?: string; scriptPath?: string; scriptText?: string; wrap?: string },
): ColdStorageUse[] {
  const cold = Object.entries(profile.storage).filter(([, p]) => p.tier === 'cold');
  if (cold.length === 0) return [];
  const found: ColdStorageUse[] = [];
  const check = (where: string, path: string) => {
    if (!path.startsWith('/')) return;
    try {
      const [pool, p] = poolOfPath(site, profile, path);
      if (p.tier === 'cold') found.push({ where, path, pool });
    } catch {
      // not on any pool of the site: not ours to judge
    }
  };
  if (job.chdir) check('--chdir', job.chdir);
  if (job.scriptPath) check('the script', job.scriptPath);
  const mounts = cold.map(([, p]) => p.mount.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const inText = new RegExp(
    `(?:^|[\\s"'=:(])((?:${mounts.join('|')})(?:/[^\\s"';|&)]*|(?=[\\s"';|&)]|$)))`,
    'g',
  );
  (job.scriptText ?? '').split('\n').forEach((line, i) => {
    if (/^\s*#(?!SBATCH)/.test(line)) return;
    for (const m of line.matchAll(inText)) check(`line ${i + 1} of the script`, m[1] as string);
  });
  for (const m of (job.wrap ?? '').matchAll(inText)) check('the --wrap command', m[1] as string);
  return found;
}

/** Each use as a warning line, with the copy to hot storage that fixes it. */
export function coldStorageWarnings(
  site: string,
  profile: SiteProfile,
  group: string,
  uses: ColdStorageUse[],
): string[] {
  const home = profile.groups[group]?.home;
  return uses.map((use) => {
    const hot = home ? mapPath(site, profile, use.path, home) : undefined;
    return `${use.where} uses ${use.path}, on cold storage (${use.pool}): jobs should not read it${
      hot
        ? `; copy it to hot storage first: slurmdeck --site ${site} data copy ${use.path} ${hot}`
        : ''
    }`;
  });
}
