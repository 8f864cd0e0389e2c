import type { Config } from '../core/config.js';
import { SlurmdeckError } from '../core/errors.js';
import { formatDuration } from '../core/format.js';
import { coldStorageUse, coldStorageWarnings } from './cold-storage.js';
import { maintenanceClash } from './maintenance.js';
import { siteGroupFor } from './site-clusters.js';

export interface SiteJob {
  partition?: string;
  chdir?: string;
  scriptPath?: string;
  scriptText?: string;
  wrap?: string;
  /** The time limit, in seconds. */
  timeLimitS?: number;
}

export interface SiteSubmitCheck {
  /** Reading cold storage: refused under --strict. */
  coldStorage: string[];
  /** A time limit that crosses a maintenance window: the job may be held or killed. */
  maintenance: string[];
}

/** What a site's profile says about a job before it is submitted there. */
export function checkSiteSubmit(
  config: Config,
  site: string,
  job: SiteJob,
  now = new Date(),
): SiteSubmitCheck {
  const { group, profile } = siteGroupFor(
    config,
    site,
    job.partition ? { partition: job.partition } : {},
  );
  const uses = coldStorageUse(site, profile, job);
  const maintenance: string[] = [];
  if (job.timeLimitS) {
    const clash = maintenanceClash(profile, now, job.timeLimitS / 60);
    if (clash) {
      const local = (d: Date) =>
        d.toLocaleString('en-GB', {
          timeZone: profile.timezone,
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
        });
      maintenance.push(
        `the time limit runs into ${site}'s maintenance (${local(clash.starts)} - ${local(clash.ends)}, ${profile.timezone}${clash.window.note ? `: ${clash.window.note}` : ''}): the job may be held until after it or killed; ask for less time or checkpoint before it`,
      );
    }
  }
  return { coldStorage: coldStorageWarnings(site, profile, group, uses), maintenance };
}

/**
 * What a site's profile says about an interactive session: over the site's interactive limit
 * is an error (it would be refused or killed), a maintenance window in its time a warning.
 */
export function checkSiteSession(
  config: Config,
  site: string,
  session: { partition?: string; timeLimitS?: number },
  now = new Date(),
): { maintenance: string[] } {
  const { profile } = siteGroupFor(
    config,
    site,
    session.partition ? { partition: session.partition } : {},
  );
  const limit = profile.limits.interactiveMinutes;
  if (limit !== undefined && session.timeLimitS !== undefined && session.timeLimitS > limit * 60) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `interactive work at ${site} is limited to ${formatDuration(limit * 60)}; asked for ${formatDuration(session.timeLimitS)}`,
      {
        hint: `Ask for at most ${formatDuration(limit * 60)}, or run the longer work as a batch job (slurmdeck submit).`,
      },
    );
  }
  const { maintenance } = checkSiteSubmit(config, site, session, now);
  return { maintenance };
}
