import { Option, type Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import { checkAllocation } from '../../jobs/submit-request.js';
import type { SessionManager, StartRequest } from '../../sessions/index.js';
import { srunArgs } from '../../sessions/srun-args.js';
import { checkContainerArgs, checkSiteSession } from '../../sites/index.js';
import { allocationFromFlags, parseDuration } from '../../slurm/index.js';
import type { Workspace } from '../../workspace/index.js';
import { askFirst } from '../confirm.js';
import { interactiveArgv, runInteractive } from '../interactive.js';
import { withWorkspace, type ClusterContext } from '../context.js';
import { printJson } from '../format.js';
import { formatExcluded, formatList, formatStatus } from './session-output.js';

/** The cluster's session manager over the local index, in the command's workspace. */
async function withSessions<T>(
  command: Command,
  body: (sessions: SessionManager, context: ClusterContext, ws: Workspace) => Promise<T>,
): Promise<T> {
  return withWorkspace(command, (ws) => body(ws.sessions(), ws.cluster(), ws));
}

const seconds = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `${flag}: not a number of seconds: ${value}`, {
      hint: `Give ${flag} in seconds, e.g. ${flag} 30.`,
    });
  }
  return n;
};

// pyxis/enroot flags: given here, they reach srun unchanged (others can follow `--`).
const CONTAINER_VALUES = ['image', 'mounts', 'workdir', 'name', 'save', 'env'] as const;
const CONTAINER_SWITCHES = [
  'mount-home',
  'remap-root',
  'entrypoint',
  'writable',
  'readonly',
] as const;
const camel = (flag: string) => flag.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());

function containerArgs(options: Record<string, unknown>): string[] {
  const argv: string[] = [];
  for (const flag of CONTAINER_VALUES) {
    const value = options[camel(`container-${flag}`)];
    if (typeof value === 'string') argv.push(`--container-${flag}=${value}`);
  }
  for (const flag of CONTAINER_SWITCHES) {
    const value = options[camel(`container-${flag}`)];
    if (value === true) argv.push(`--container-${flag}`);
    if (value === false) argv.push(`--no-container-${flag}`);
  }
  return argv;
}

function registerStart(session: Command): void {
  const start = session
    .command('start')
    .description('start a shell on a compute node; returns at once (see `session status`)')
    .argument('<name>', 'a name for the session')
    .argument('[srun-args...]', 'after --: more srun flags, passed as given')
    .option('-p, --partition <name>', 'partition')
    .option('-G, --gpus <n>', 'GPUs, e.g. 1 or a100:2')
    .option('-c, --cpus-per-task <n>', 'CPUs, as srun -c', (v) => Number(v))
    .addOption(new Option('--cpus <n>', 'the same as --cpus-per-task').argParser(Number))
    .option('--mem <size>', 'memory, e.g. 32G')
    .option('-t, --time <limit>', 'time limit, e.g. 4:00:00')
    .option('-x, --exclude <nodes>', 'nodes not to use (comma-separated)')
    .option(
      '--health-command <cmd>',
      "run on each new node first; failing marks it bad ('' for none)",
    )
    .option('--idle-release <minutes>', 'end the session after this long unused', (v) => Number(v))
    .option('--json', 'machine-readable output');
  for (const flag of CONTAINER_VALUES)
    start.option(`--container-${flag} <value>`, `pyxis --container-${flag}`);
  for (const flag of CONTAINER_SWITCHES) {
    start.addOption(new Option(`--container-${flag}`, `pyxis --container-${flag}`));
    if (flag !== 'writable' && flag !== 'readonly') {
      start.addOption(new Option(`--no-container-${flag}`).hideHelp());
    }
  }
  start.action(
    async (name: string, extra: string[], options: Record<string, unknown>, command: Command) =>
      withSessions(command, async (sessions, context, ws) => {
        const request: StartRequest = {
          name,
          containerArgs: containerArgs(options),
          extraArgs: extra,
        };
        if (typeof options['partition'] === 'string') request.partition = options['partition'];
        if (typeof options['gpus'] === 'string') request.gpus = options['gpus'];
        const cpus = options['cpusPerTask'] ?? options['cpus'];
        if (typeof cpus === 'number') request.cpus = cpus;
        if (typeof options['mem'] === 'string') request.mem = options['mem'];
        if (typeof options['time'] === 'string') request.time = options['time'];
        if (typeof options['exclude'] === 'string') request.exclude = [options['exclude']];
        if (typeof options['healthCommand'] === 'string')
          request.healthCommand = options['healthCommand'];
        if (typeof options['idleRelease'] === 'number')
          request.idleReleaseMinutes = options['idleRelease'];
        // A time over the partition's MaxTime would leave the session queued for good.
        const flags = srunArgs(request, {
          ...context.config.defaults,
          srunDefaults: context.config.sessions.srunDefaults,
        });
        await checkContainerArgs(context.transport, flags);
        checkAtSite(ws, command, request);
        await checkAllocation(context.slurm, allocationFromFlags(flags));
        const started = await sessions.start(request);
        if (options['json']) return printJson(started);
        console.log(`session ${name} on ${context.name}: ${started.phase} (tmux ${started.tmux})`);
        if (started.exclude.length) console.log(`excluding ${started.exclude.join(', ')}`);
        console.log(
          `next: slurmdeck session status ${name}   or   slurmdeck session exec ${name} -- CMD`,
        );
      }),
  );
}

function registerExec(session: Command): void {
  session
    .command('exec')
    .description("run one command in the session's shell; exits with the command's exit code")
    .argument('<name>')
    .argument('<command...>', 'after --: the command line (words are joined by spaces)')
    .option(
      '--timeout <s>',
      'seconds to wait (for the shell, then the command)',
      seconds('--timeout'),
      30,
    )
    .option('--max-bytes <n>', 'at most this much output; page on with read --since', (v) =>
      Number(v),
    )
    .option('--json', 'machine-readable output')
    .action(
      async (
        name: string,
        words: string[],
        options: { timeout: number; maxBytes?: number; json?: boolean },
        command: Command,
      ) =>
        withSessions(command, async (sessions) => {
          const result = await sessions.exec(name, words.join(' '), {
            timeoutMs: Math.max(1, options.timeout * 1000),
            ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
          });
          if (options.json) return printJson(result);
          process.stdout.write(result.output);
          if (result.running || result.more) {
            const what = result.running ? 'still running' : 'more output';
            console.error(
              `[${what}; cursor ${result.cursor}: slurmdeck session read ${name} --since ${result.cursor} --wait 30]`,
            );
          }
          // 124 like timeout(1): the command has not finished yet.
          process.exitCode = result.exitCode ?? 124;
        }),
    );
}

function registerRead(session: Command): void {
  session
    .command('read')
    .description("the session's output from a cursor on")
    .argument('<name>')
    .option(
      '--since <cursor>',
      'a cursor from exec or read (default: where the last call stopped)',
      (v) => Number(v),
    )
    .option(
      '--wait <s>',
      'wait this long for the running command to end, or for new output',
      seconds('--wait'),
      0,
    )
    .option('--json', 'machine-readable output')
    .action(
      async (
        name: string,
        options: { since?: number; wait: number; json?: boolean },
        command: Command,
      ) =>
        withSessions(command, async (sessions) => {
          const result = await sessions.read(name, {
            ...(options.since === undefined ? {} : { since: options.since }),
            waitMs: options.wait * 1000,
          });
          if (options.json) return printJson(result);
          process.stdout.write(result.output);
          const notes = [`cursor ${result.cursor}`];
          if (result.more) notes.push('more output');
          if (result.exitCode !== undefined) notes.push(`command exited ${result.exitCode}`);
          else if (result.running) notes.push('command still running');
          console.error(`[${notes.join('; ')}]`);
        }),
    );
}

function registerInput(session: Command): void {
  session
    .command('send')
    .description('type text into the shell, then Enter (for a REPL or a prompt)')
    .argument('<name>')
    .argument('<text>')
    .option('--no-enter', 'do not press Enter after the text')
    .action(async (name: string, text: string, options: { enter: boolean }, command: Command) =>
      withSessions(command, async (sessions) => {
        const { cursor } = await sessions.send(name, text, { enter: options.enter });
        console.error(
          `[sent; output from cursor ${cursor}: slurmdeck session read ${name} --wait 5]`,
        );
      }),
    );
  session
    .command('ctrl')
    .description('send ctrl-c, ctrl-d, ctrl-z or ctrl-\\ to the shell')
    .argument('<name>')
    .argument('<key>', 'c, d, z or \\')
    .action(async (name: string, key: string, _options: unknown, command: Command) =>
      withSessions(command, async (sessions) => {
        await sessions.ctrl(name, key);
        console.error(`[sent ctrl-${key}]`);
      }),
    );
}

/** At a site: over its interactive limit is refused, a maintenance window ahead is said. */
function checkAtSite(ws: Workspace, command: Command, request: StartRequest): void {
  const site = command.optsWithGlobals<{ site?: string }>().site;
  if (!site) return;
  const timeLimitS = request.time === undefined ? undefined : parseDuration(request.time);
  const { maintenance } = checkSiteSession(ws.config(), site, {
    ...(request.partition ? { partition: request.partition } : {}),
    ...(typeof timeLimitS === 'number' ? { timeLimitS } : {}),
  });
  for (const warning of maintenance) console.error(`warning: ${warning}`);
}

function registerManage(session: Command): void {
  session
    .command('status')
    .description('the phase of a session and how long each step took')
    .argument('<name>')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: { json?: boolean }, command: Command) =>
      withSessions(command, async (sessions) => {
        const status = await sessions.status(name);
        if (options.json) return printJson(status);
        console.log(formatStatus(status));
      }),
    );
  session
    .command('list')
    .description('sessions on this cluster, and tmux sessions of ours the index does not know')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) =>
      withSessions(command, async (sessions) => {
        const listed = await sessions.list();
        if (options.json) return printJson(listed);
        console.log(
          listed.length ? formatList(listed, Math.floor(Date.now() / 1000)) : 'no sessions',
        );
      }),
    );
  session
    .command('attach')
    .description('open the very same shell in tmux (detach with ctrl-b d)')
    .argument('<name>')
    .option('--print', 'print the command instead of running it')
    .action(async (name: string, options: { print?: boolean }, command: Command) =>
      withSessions(command, async (sessions, context) => {
        await runInteractive(
          interactiveArgv(context.config, sessions.attachArgv(name)),
          options.print,
        );
      }),
    );
  session
    .command('stop')
    .description('end the shell and release its allocation (asks first)')
    .argument('<name>', 'a session, or the tmux name of an orphan')
    .option('-y, --yes', 'do not ask')
    .action(async (name: string, options: { yes?: boolean }, command: Command) =>
      withSessions(command, async (sessions, context, ws) => {
        const via = await askFirst(
          `end session ${name} on ${context.name} and release its allocation?`,
          options.yes,
          'nothing was stopped',
        );
        if (!via) return;
        const stopped = await ws.audit.run(
          {
            action: 'session.stop',
            cluster: context.name,
            target: { name },
            confirmedVia: via,
          },
          () => sessions.stop(name),
        );
        if (stopped.left.length) {
          console.error(`warning: still in the queue: ${stopped.left.join(', ')}`);
          process.exitCode = 1;
        }
        console.log(`stopped ${name}${stopped.jobId ? `; job ${stopped.jobId} released` : ''}`);
      }),
    );
  session
    .command('excluded')
    .description('nodes that failed a session here and are skipped for now')
    .option('--clear', 'forget them all')
    .option('--json', 'machine-readable output')
    .action(async (options: { clear?: boolean; json?: boolean }, command: Command) =>
      withSessions(command, async (sessions) => {
        if (options.clear) return console.log(`cleared ${sessions.clearExcluded()} node(s)`);
        const nodes = sessions.excluded();
        if (options.json) return printJson(nodes);
        console.log(
          nodes.length ? formatExcluded(nodes, Math.floor(Date.now() / 1000)) : 'no nodes excluded',
        );
      }),
    );
}

export function registerSession(program: Command): void {
  const session = program
    .command('session')
    .description('persistent shells on compute nodes that survive disconnects and restarts');
  registerStart(session);
  registerExec(session);
  registerRead(session);
  registerInput(session);
  registerManage(session);
}
