import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import type { Target } from '../targets/resolve-targets.js';
import { controlDaemon, type AdminDaemon } from './daemon-service.js';
import type { ChangeOperation, NodePlan } from './run-change.js';
import {
  mungeDecodes,
  registered,
  registration,
  verifyMunge,
  verifySlurmd,
  type Registration,
} from './verify-daemon.js';

/** The daemon's pid in the node's own mount namespace (a namespaced host shares the kernel). */
const PID_SCRIPT = String.raw`
PATH="$PATH:/usr/sbin:/sbin"
MYNS=$(readlink /proc/self/ns/mnt)
for p in $(pgrep -x "$1"); do
  [ "$(readlink "/proc/$p/ns/mnt" 2>/dev/null)" = "$MYNS" ] && { echo "$p"; exit 0; }
done
exit 0
`;

export async function daemonPid(
  access: AdminAccess,
  target: Target,
  daemon: AdminDaemon,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const result = await access.node(target.address).exec(['sh', '-c', PID_SCRIPT, 'sh', daemon], {
    timeoutMs: 20_000,
    ...(signal ? { signal } : {}),
  });
  const pid = Number(result.stdout.trim().split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** munge, munged, slurmd: the names a person types for the two daemons. */
export function parseDaemon(name: string): AdminDaemon {
  if (name === 'munge' || name === 'munged') return 'munged';
  if (name === 'slurmd') return 'slurmd';
  throw new SlurmdeckError('INVALID_ARGUMENT', `"${name}" is not a daemon slurmdeck manages`, {
    hint: 'Give munge or slurmd.',
  });
}

interface DaemonPlan extends NodePlan {
  registration: Registration | undefined;
}

/** Whether the daemon does its job now: munged decodes the controller's credential, slurmd is registered. */
async function working(
  access: AdminAccess,
  target: Target,
  daemon: AdminDaemon,
  signal?: AbortSignal,
): Promise<{ running: boolean; ok: boolean; said: string; registration?: Registration }> {
  const running = (await daemonPid(access, target, daemon, signal)) !== undefined;
  if (daemon === 'munged') {
    const decode = await mungeDecodes(access, target, signal);
    return { running, ok: running && decode.ok, said: decode.ok ? 'decodes' : decode.said };
  }
  const reg = await registration(access, target.name, signal);
  return { running, ok: running && registered(reg), said: reg.state, registration: reg };
}

/**
 * `admin start|restart munge|slurmd`: through the node's service manager, then verified
 * (munged: the controller's credential decodes there; slurmd: it registered again, not `*`,
 * not INVAL). `start` leaves a daemon that works alone; `restart` always restarts.
 */
export function daemonOperation(
  access: AdminAccess,
  action: 'start' | 'restart',
  daemon: AdminDaemon,
): ChangeOperation<DaemonPlan> {
  return {
    action: action === 'start' ? 'admin.start' : 'admin.restart',
    async inspect(target, signal) {
      const now = await working(access, target, daemon, signal);
      const before = `${daemon} ${now.running ? 'running' : 'not running'}, ${now.said}`;
      return {
        target,
        steps: action === 'restart' || !now.ok ? [`${action} ${daemon}`] : [],
        before,
        requested: `${daemon} running, ${daemon === 'munged' ? 'decodes' : 'registered'}`,
        fine: `${daemon} already running (${now.said})`,
        registration: now.registration,
      };
    },
    async apply(plan, signal) {
      await controlDaemon(access, plan.target, action, daemon, signal);
      let after: string;
      if (daemon === 'munged') {
        await verifyMunge(access, plan.target, signal);
        after = 'munged running, decodes';
      } else {
        const reg = await verifySlurmd(access, plan.target, plan.registration, signal);
        after = `slurmd running, ${reg.state}`;
      }
      return {
        after,
        summary: `${daemon} ${action === 'start' ? 'started' : 'restarted'}; ${daemon === 'munged' ? "the controller's credential decodes" : `registered (${after.split(', ')[1]})`}`,
      };
    },
  };
}
