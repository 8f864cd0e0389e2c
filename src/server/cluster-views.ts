import { userInfo } from 'node:os';
import { SlurmdeckError } from '../core/errors.js';
import { endReportOf, type JobReport } from '../jobs/index.js';
import type { ClusterView, Job, JobDetail } from '../slurm/index.js';
import type { ServerDeps } from './deps.js';
import type { Fresh, ViewCache } from './view-cache.js';

export interface StatusView {
  slurmVersion: string;
  view: ClusterView;
}

/**
 * The views every request and every dashboard reads: one sinfo for status and nodes, one
 * squeue of every job for any job listing (filtered here), shared through the view cache.
 */
export function createClusterViews(deps: ServerDeps, cache: ViewCache) {
  const users = new Map<string, Promise<string>>();

  /** Whose jobs "mine" means: the user the server reaches the cluster as. */
  function user(cluster: string): Promise<string> {
    const handle = deps.cluster(cluster);
    let found = users.get(handle.name);
    if (found) return found;
    const { config } = handle;
    if (config.transport === 'local') found = Promise.resolve(userInfo().username);
    else if (config.user) found = Promise.resolve(config.user);
    else {
      found = handle.transport.exec(['id', '-un']).then((result) => {
        const name = result.stdout.trim();
        if (result.exitCode !== 0 || !name) {
          throw new SlurmdeckError(
            'SLURM_UNAVAILABLE',
            `cannot tell the login user on ${handle.name}`,
          );
        }
        return name;
      });
      found.catch(() => users.delete(handle.name));
    }
    users.set(handle.name, found);
    return found;
  }

  return {
    name: (cluster: string) => deps.cluster(cluster).name,
    user,

    status(cluster: string): Promise<Fresh<StatusView>> {
      const { name, slurm } = deps.cluster(cluster);
      return cache.get(`${name}\0status`, async () => {
        const [version, view] = await Promise.all([slurm.version(), slurm.clusterView()]);
        return { slurmVersion: version.raw, view };
      });
    },

    /** Every job the controller still knows, finished ones included (`squeue -t all`). */
    jobs(cluster: string): Promise<Fresh<Job[]>> {
      const { name, slurm } = deps.cluster(cluster);
      return cache.get(`${name}\0jobs`, () => slurm.listJobs({ allStates: true }));
    },

    job(cluster: string, id: string): Promise<Fresh<JobDetail>> {
      const { name, slurm } = deps.cluster(cluster);
      return cache.get(`${name}\0job\0${id}`, () => slurm.getJob(id));
    },

    /**
     * A finished job's end report: the watcher's own when it watched the job (with its completion
     * record), else one sacct, shared like any view. Undefined when accounting cannot say yet.
     */
    async report(cluster: string, id: string): Promise<JobReport | undefined> {
      const handle = deps.cluster(cluster);
      const watched = deps.watchStore.get(handle.name, id)?.report;
      if (watched) return watched;
      try {
        return (await cache.get(`${handle.name}\0report\0${id}`, () => endReportOf(handle, id)))
          .value;
      } catch (error) {
        deps.log.debug(`no end report for job ${id} on ${handle.name}: ${String(error)}`);
        return undefined;
      }
    },

    invalidate(cluster: string): void {
      cache.invalidate(`${deps.cluster(cluster).name}\0`);
    },
  };
}

export type ClusterViews = ReturnType<typeof createClusterViews>;
