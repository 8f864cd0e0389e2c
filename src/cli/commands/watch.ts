import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import { readSecretFile } from '../../core/secret-file.js';
import {
  createPushTracker,
  createWakeup,
  listenForPushes,
  pollOrFollow,
  processOwner,
  watchSpool,
  type JobEndPush,
  drainJobNotifications,
  pollerHolder,
  withJob,
  type JobNotificationView,
  type JobReport,
  type WatchStore,
} from '../../jobs/index.js';
import { assertJobId } from '../../slurm/index.js';
import { resolveChannelNames } from '../../notify/index.js';
import { trackerIngest, type Workspace } from '../../workspace/index.js';
import { withWorkspace } from '../context.js';
import { formatDuration, printJson } from '../format.js';
import { eventText, reportText } from '../report-text.js';
import { renderTable, type Column } from '../table.js';

interface WatchFlags {
  status?: boolean;
  listen?: string;
  pushSecretFile?: string;
  spool?: string;
  mine?: boolean;
  interval?: string;
  once?: boolean;
  notify?: string[];
  json?: boolean;
}

function intervalMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `--interval must be at least 1 second, got "${value}"`,
      {
        hint: 'Slurm asks tools not to poll faster than that; leave it out for adaptive intervals.',
      },
    );
  }
  return seconds * 1000;
}

/** Channels for these jobs: the ones named, else the configured defaults; unknown names refused. */
export function watchChannels(ws: Workspace, named: string[] | undefined): string[] {
  return resolveChannelNames(ws.config().notify, named);
}

function printer(json: boolean | undefined) {
  return {
    report(report: JobReport) {
      if (json) console.log(JSON.stringify({ type: 'finished', report }));
      else console.log(`${reportText(report)}\n`);
    },
    line(text: string) {
      if (!json) console.log(text);
    },
  };
}

/** New events for the jobs of interest, printed once each, whoever polled them. */
function followEvents(
  store: WatchStore,
  cluster: string,
  ids: Set<string> | undefined,
  out: ReturnType<typeof printer>,
) {
  let lastId = store.eventLog.lastId(cluster);
  return () => {
    for (const event of store.events({ cluster, afterId: lastId, limit: 1000 })) {
      lastId = event.id;
      if (ids && !ids.has(event.jobId)) continue;
      if (event.kind === 'finished') out.report(event.report);
      else out.line(eventText(event) ?? '');
    }
  };
}

const notificationColumns: Column<JobNotificationView>[] = [
  { header: 'JOBID', value: (n) => n.jobId, align: 'right' },
  { header: 'CHANNEL', value: (n) => n.channel },
  { header: 'STATE', value: (n) => n.state },
  { header: 'TRIES', value: (n) => `${n.attempts}/${n.maxAttempts}`, align: 'right' },
  {
    header: 'DETAIL',
    value: (n) => (n.state === 'sent' ? (n.sentAt ?? '') : (n.lastError ?? n.nextAttemptAt ?? '')),
    flexible: true,
  },
];

/** Push receivers the flags ask for; each push wakes the poller. */
async function startReceivers(flags: WatchFlags, onPush: (push: JobEndPush) => void) {
  const closers: Array<() => Promise<void> | void> = [];
  if (flags.listen) {
    const match = /^(.+):(\d+)$/.exec(flags.listen);
    if (!match) {
      throw new SlurmdeckError(
        'INVALID_ARGUMENT',
        `--listen wants HOST:PORT, got "${flags.listen}"`,
      );
    }
    if (!flags.pushSecretFile) {
      throw new SlurmdeckError('INVALID_ARGUMENT', '--listen needs --push-secret-file', {
        hint: 'Pushes are signed; give the same secret file to `slurmdeck hook epilog`.',
      });
    }
    const receiver = await listenForPushes(
      { host: match[1] as string, port: Number(match[2]) },
      readSecretFile(flags.pushSecretFile),
      onPush,
    );
    console.error(`taking job-end pushes on ${receiver.address}`);
    closers.push(() => receiver.close());
  }
  if (flags.spool) {
    const spool = watchSpool(flags.spool, onPush);
    closers.push(() => spool.close());
  }
  return { close: async () => void (await Promise.all(closers.map((close) => close()))) };
}

/** Hands jobs to the watcher of the cluster (a running one picks them up at its next poll). */
export function addToWatch(
  ws: Workspace,
  cluster: string,
  jobIds: string[],
  channels: string[],
  say: (line: string) => void = console.log,
): void {
  ws.watchStore.add(cluster, jobIds, channels);
  const holder = pollerHolder(ws.stateDir, cluster);
  say(
    `watching ${jobIds.join(', ')} on ${cluster}` +
      (holder
        ? ` (watcher pid ${holder})`
        : '; no watcher is running: start one with `slurmdeck watch`'),
  );
}

/** Watched jobs, how they ended, and where their notifications stand. */
async function showStatus(ws: Workspace, json: boolean | undefined): Promise<void> {
  const name = ws.clusterName();
  const jobs = ws.watchStore.list(name);
  const notifications = ws.notifier().list({ limit: 50 }).map(withJob);
  if (json) return printJson({ jobs, notifications });
  const holder = pollerHolder(ws.stateDir, name);
  console.log(holder ? `watcher of ${name}: pid ${holder}` : `no watcher is running for ${name}`);
  if (jobs.length === 0) return console.log('no watched jobs');
  console.log(
    renderTable(jobs, [
      { header: 'JOBID', value: (j) => j.jobId, align: 'right' },
      { header: 'NAME', value: (j) => j.name ?? '', flexible: true },
      {
        header: 'STATE',
        value: (j) => (j.ended ? (j.outcome ?? '?') : (j.lastState ?? 'WAITING')),
      },
      { header: 'RUNS', value: (j) => String(j.runs), align: 'right' },
      {
        header: 'ELAPSED',
        value: (j) => formatDuration(j.report?.elapsedSeconds),
        align: 'right',
      },
      { header: 'NOTIFY', value: (j) => j.channels.join(',') || '-', flexible: true },
    ]),
  );
  if (notifications.length === 0) return;
  console.log('\nnotifications:');
  console.log(renderTable(notifications, notificationColumns));
}

export function registerWatch(program: Command): void {
  const watch = program
    .command('watch')
    .description(
      'watch jobs until they end, then report how and why (one squeue per interval for all)',
    )
    .argument('[ids...]', 'job ids to watch (none: keep watching what is added)')
    .option('--mine', 'also watch every job of yours, as it appears')
    .option('--interval <seconds>', 'fixed poll interval (default: adaptive, 5 s to 2 min)')
    .option('--once', 'poll once and exit')
    .option('-n, --notify <channels...>', 'send the report to these channels')
    .option('--json', 'one JSON object per line')
    .option('--listen <host:port>', 'take job-end pushes from `slurmdeck hook epilog` here')
    .option('--push-secret-file <file>', 'the secret pushes are signed with (mode 0600)')
    .option('--spool <dir>', 'take job-end pushes as files dropped in this folder')
    .option('--status', 'show watched jobs and notifications (same as `watch status`)')
    .action(async (ids: string[], flags: WatchFlags, command: Command) => {
      if (flags.status) return withWorkspace(command, (ws) => showStatus(ws, flags.json));
      const jobIds = ids.map(assertJobId);
      const every = intervalMs(flags.interval);
      await withWorkspace(command, async (ws) => {
        const { name, slurm, transport } = ws.cluster();
        const store = ws.watchStore;
        const notifier = ws.notifier();
        store.add(name, jobIds, watchChannels(ws, flags.notify));
        const out = printer(flags.json);
        const interest = jobIds.length > 0 && !flags.mine ? new Set(jobIds) : undefined;
        const done = () =>
          interest ? [...interest].every((id) => store.get(name, id)?.ended) : false;
        const printNew = followEvents(store, name, interest, out);
        const abort = new AbortController();
        for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => abort.abort());
        for (const id of jobIds) {
          const seen = store.get(name, id);
          if (seen?.ended && seen.report) out.report(seen.report);
        }
        const pushes = createPushTracker();
        const wakeup = createWakeup();
        const onPush = (push: JobEndPush) => {
          // The push names Slurm's cluster, which may differ from ours: the job id decides (an
          // array task's, 123_4, also wakes a watch of its array).
          const ids = [...new Set([push.jobId, push.jobId.split('_')[0] as string])];
          const live = ids.filter((id) => store.get(name, id)?.ended === false);
          if (live.length === 0) return;
          for (const id of live) pushes.add(id);
          wakeup.wake();
        };
        const owner = processOwner();
        const receivers = done() ? undefined : await startReceivers(flags, onPush);
        try {
          await pollOrFollow({
            cluster: name,
            slurm,
            transport,
            store,
            stateDir: ws.stateDir,
            log: ws.log,
            notifier,
            mine: flags.mine ?? false,
            mineOwner: owner,
            wakeup,
            urgent: () => pushes.pending((id) => store.get(name, id)?.ended !== false),
            signal: abort.signal,
            ...(every === undefined ? {} : { intervalMs: every }),
            once: flags.once ?? false,
            until: interest ? done : undefined,
            onRecorded: printNew,
            // Another slurmdeck polls this cluster: read what it records, ask Slurm nothing, and
            // take over if it stops.
            onFollow: (pid) => out.line(`following the watcher of ${name} (pid ${pid})`),
            beside: trackerIngest(ws, name),
          });
          printNew();
          await drainJobNotifications(notifier, interest, ws.log, 120_000, abort.signal);
        } finally {
          if (flags.mine) store.dropMine(name, owner);
          await receivers?.close();
        }
      });
    });

  watch
    .command('add')
    .description('add jobs to the running watcher (or to the next one started)')
    .argument('<ids...>', 'job ids')
    .option('-n, --notify <channels...>', 'send the report to these channels')
    .action(async (ids: string[], _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<{ notify?: string[] }>();
      const jobIds = ids.map(assertJobId);
      await withWorkspace(command, async (ws) =>
        addToWatch(ws, ws.clusterName(), jobIds, watchChannels(ws, flags.notify)),
      );
    });

  watch
    .command('status')
    .description('watched jobs and how they ended')
    .option('--json', 'machine-readable output')
    .action(async (_flags: unknown, command: Command) =>
      // `watch` itself has --json too, and may have taken it.
      withWorkspace(command, (ws) =>
        showStatus(ws, command.optsWithGlobals<{ json?: boolean }>().json),
      ),
    );
}
