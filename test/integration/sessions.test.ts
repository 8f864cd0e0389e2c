import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, saveCluster } from '../../src/core/config.js';
import { createSshTransport, defaultControlDir } from '../../src/transport/index.js';
import { cliPath, runCli, type CliResult } from '../helpers/run-cli.js';

const configFile = inject('configFile');
const root = inject('devRoot');
// Short: the ssh control sockets live under it, and a socket path has 107 bytes at most.
const stateDir = mkdtempSync(join(tmpdir(), 'slurmdeck-sess-'));
const env = { SLURMDECK_CONFIG: configFile, SLURMDECK_STATE_DIR: stateDir };

/** The built CLI, a new process each call (so every call is a "restart" of the local side). */
const slurmdeck = (args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, { ...process.env, ...env, ...extraEnv }, 90_000);

const json = async <T>(args: string[], extraEnv?: Record<string, string>): Promise<T> => {
  // --json goes before `--`: after it, it would be part of the command.
  const dashes = args.indexOf('--');
  const withJson =
    dashes < 0 ? [...args, '--json'] : [...args.slice(0, dashes), '--json', ...args.slice(dashes)];
  const result = await slurmdeck(withJson, extraEnv);
  if (result.stdout.trim() === '')
    throw new Error(`no output from ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
};

interface Status {
  phase: string;
  reason?: string;
  jobId?: string;
  node?: string;
  expectedStart?: string;
  attempt: number;
  badNodes: Array<{ node: string; reason: string }>;
  timeline: Array<{ phase: string; attempt: number; seconds: number }>;
}
interface Exec {
  output: string;
  exitCode?: number;
  running: boolean;
  more: boolean;
  cursor: number;
}
type Read = Exec;

const status = (name: string, extraEnv?: Record<string, string>) =>
  json<Status>(['session', 'status', name], extraEnv);
const exec = (name: string, command: string, timeoutS = 30) =>
  json<Exec>(['session', 'exec', name, '--timeout', String(timeoutS), '--', command]);

/** Plain Slurm commands as root, through the dev cluster's client config. */
const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();
/** Commands as sduser on the login host, over the dev cluster's ssh. */
const login = loadConfig(configFile).clusters['dev'];
const onLogin = async (argv: string[]) => {
  if (login?.transport !== 'ssh') throw new Error('the dev cluster is not an ssh cluster');
  const { transport: _t, defaults: _d, sessions: _s, ...target } = login;
  const transport = createSshTransport(target);
  try {
    return await transport.exec(argv);
  } finally {
    await transport.close();
  }
};

const waitUntil = async <T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  ms = 90_000,
) => {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    last = value;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
};
const waitForPhase = (
  name: string,
  phase: string,
  ms?: number,
  extraEnv?: Record<string, string>,
) =>
  waitUntil(
    `${name} to be ${phase}`,
    async () => {
      const s = await status(name, extraEnv);
      return s.phase === phase ? s : undefined;
    },
    ms,
  );

const jobsNamed = (name: string) => asRoot(['squeue', '-h', '-n', name, '-o', '%i %T']);
const queueEmptyFor = (tmux: string) =>
  waitUntil(`no job named ${tmux}`, async () => jobsNamed(tmux) === '', 30_000);

/** Root jobs that take every node of the gpu partition (n2, n3), so anything else must wait. */
const BLOCKER = 'slurmdeck-test-blocker';
function fillGpuNodes(): Promise<unknown> {
  asRoot([
    'sbatch',
    '-p',
    'gpu',
    '-N2',
    '--exclusive',
    '-t',
    '5',
    '-J',
    BLOCKER,
    '-o',
    '/dev/null',
    '--wrap',
    'sleep 300',
  ]);
  return waitUntil('the blocker to run', async () => /RUNNING/.test(jobsNamed(BLOCKER)), 120_000);
}
const releaseGpuNodes = () => asRoot(['scancel', '-n', BLOCKER]);

const started: string[] = [];
async function start(name: string, args: string[] = [], extraEnv?: Record<string, string>) {
  const result = await json<{ tmux: string; phase: string }>(
    ['session', 'start', name, ...args],
    extraEnv,
  );
  started.push(result.tmux);
  return result;
}

/** The phases of a start in order; queued is allowed (the shared cluster may be busy). */
const phasesOf = (s: Status) => s.timeline.map((t) => t.phase);
const expectStartPhases = (s: Status, last: string[]) => {
  const phases = phasesOf(s);
  expect(phases.filter((p) => p !== 'queued')).toEqual(['connecting', ...last]);
  expect(phases.join(' ')).toMatch(/^connecting (queued )?(allocated|starting)/);
};

/**
 * Sends a command with exec, which waits for the shell first: on a busy cluster that may take
 * longer than one exec's timeout, so a start that is not ready yet is simply tried again.
 */
async function execWhenReady(name: string, command: string, timeoutS: number): Promise<Exec> {
  return waitUntil(
    `${name} to take a command`,
    async () => {
      const result = await slurmdeck([
        'session',
        'exec',
        name,
        '--timeout',
        String(timeoutS),
        '--json',
        '--',
        command,
      ]);
      if (result.stdout.trim() !== '') return JSON.parse(result.stdout) as Exec;
      if (/^SESSION_NOT_READY: /m.test(result.stderr)) return undefined;
      throw new Error(`exec ${command}: ${result.stderr}`);
    },
    120_000,
  );
}

/**
 * The shared session "basic": started (and waited for) by whichever of its tests runs first,
 * so each of them also runs alone (`-t NAME`); the stop test ends it, and a later one starts
 * it again.
 */
let basic: Promise<{ tmux: string; phase: string; ready: Status }> | undefined;
function basicSession() {
  basic ??= (async () => {
    const { tmux, phase } = await start('basic');
    const ready = await waitForPhase('basic', 'ready', 120_000);
    return { tmux, phase, ready };
  })();
  basic.catch(() => (basic = undefined));
  return basic;
}

beforeAll(async () => {
  await slurmdeck(['session', 'list']); // opens the ssh master
});

afterAll(async () => {
  releaseGpuNodes();
  for (const tmux of started) {
    await onLogin(['tmux', '-L', 'slurmdeck', 'kill-session', '-t', `=${tmux}`]).catch(
      () => undefined,
    );
    asRoot(['scancel', '-n', tmux]);
  }
});

describe('slurmdeck session on the dev cluster', () => {
  it('starts, becomes ready, and keeps shell state and exit codes', async () => {
    const { phase, ready } = await basicSession();
    expect(phase).toBe('connecting');
    expect(ready.jobId).toMatch(/^\d+$/);
    expectStartPhases(ready, ['allocated', 'starting', 'ready']);

    expect(await exec('basic', 'cd /tmp && export GREETING=hello && false')).toMatchObject({
      exitCode: 1,
      running: false,
    });
    expect(await exec('basic', 'echo "$GREETING from $(pwd)"; (exit 7)')).toMatchObject({
      output: 'hello from /tmp\n',
      exitCode: 7,
    });
    expect((await exec('basic', "printf 'naïve 日本語 → no newline'")).output).toBe(
      'naïve 日本語 → no newline',
    );
    expect(
      (await exec('basic', 'printf "a\\tb\\n"; printf "\\033[31mred\\033[0m\\r\\n"')).output,
    ).toBe('a\tb\nred\n');
  }, 180_000);

  it('answers a command that reads from the terminal with send, and read returns its end', async () => {
    await basicSession();
    const asking = await exec('basic', 'read -r -p "name? " who; echo "hi $who"', 2);
    expect(asking).toMatchObject({ running: true, output: 'name? ' });
    const busy = await slurmdeck(['session', 'exec', 'basic', '--', 'true']);
    expect(busy.stderr).toMatch(/^SESSION_BUSY: /m);
    expect((await slurmdeck(['session', 'send', 'basic', 'Zoë'])).code).toBe(0);
    const read = await json<Read>(['session', 'read', 'basic', '--wait', '10']);
    expect(read).toMatchObject({ exitCode: 0, running: false });
    expect(read.output).toContain('hi Zoë\n');
  }, 180_000);

  it('never lets the ctrl-q nudges of exec reach a command that reads the terminal', async () => {
    await basicSession();
    // The first exec of a session looks at the terminal's flow control; later ones nudge.
    expect((await exec('basic', 'true')).exitCode).toBe(0);
    const asking = await exec('basic', 'IFS= read -r line; printf %s "$line" | od -An -tx1', 2);
    expect(asking.running).toBe(true);
    expect((await slurmdeck(['session', 'send', 'basic', 'ok'])).code).toBe(0);
    const read = await json<Read>(['session', 'read', 'basic', '--wait', '10']);
    expect(read).toMatchObject({ exitCode: 0, running: false });
    // Exactly the two typed bytes: no 11 (ctrl-q) before them.
    expect(read.output).toMatch(/^ 6f 6b$/m);
  }, 180_000);

  it('does not nudge a session whose terminal passes ctrl-q through (stty -ixon)', async () => {
    await start('noixon');
    await waitForPhase('noixon', 'ready', 120_000);
    expect((await exec('noixon', 'stty -ixon')).exitCode).toBe(0);
    const asking = await exec('noixon', 'IFS= read -r line; printf %s "$line" | od -An -tx1', 2);
    expect(asking.running).toBe(true);
    expect((await slurmdeck(['session', 'send', 'noixon', 'ok'])).code).toBe(0);
    const read = await json<Read>(['session', 'read', 'noixon', '--wait', '10']);
    expect(read).toMatchObject({ exitCode: 0, running: false });
    // With -ixon a nudge would be read as a byte (11) of the line.
    expect(read.output).toMatch(/^ 6f 6b$/m);
    expect((await slurmdeck(['session', 'stop', 'noixon', '--yes'])).code).toBe(0);
  }, 180_000);

  it('reads a 5 MB output whole, page by page, by cursor', async () => {
    await basicSession();
    const lines = 800_000;
    const expected = Array.from({ length: lines }, (_, i) => `${i + 1}\n`).join('');
    expect(expected.length).toBeGreaterThan(5_000_000);
    const first = await exec('basic', `seq 1 ${lines}`, 60);
    expect(first.more).toBe(true);
    let output = first.output;
    let cursor = first.cursor;
    let exitCode = first.exitCode;
    for (let page = 0; page < 20 && exitCode === undefined; page++) {
      const next = await json<Read>([
        'session',
        'read',
        'basic',
        '--since',
        String(cursor),
        '--wait',
        '10',
      ]);
      output += next.output;
      cursor = next.cursor;
      exitCode = next.exitCode;
    }
    expect(exitCode).toBe(0);
    expect(output.length).toBe(expected.length);
    expect(output).toBe(expected);
  }, 180_000);

  it('ends a long sleep with ctrl-c, and the shell goes on', async () => {
    await basicSession();
    const sleeping = await slurmdeck([
      'session',
      'exec',
      'basic',
      '--timeout',
      '1',
      '--',
      'sleep 300',
    ]);
    expect(sleeping.code).toBe(124);
    expect(sleeping.stderr).toMatch(/still running; cursor \d+/);
    expect((await slurmdeck(['session', 'ctrl', 'basic', 'c'])).code).toBe(0);
    const read = await json<Read>(['session', 'read', 'basic', '--wait', '10']);
    expect(read.exitCode).toBe(130);
    expect(await exec('basic', 'echo still here')).toMatchObject({
      output: 'still here\n',
      exitCode: 0,
    });
  }, 180_000);

  it('returns what is there at the time-out, and leaves nothing on the login host following the log', async () => {
    const { tmux } = await basicSession();
    const partial = await exec('basic', 'echo first; sleep 3; echo second', 1);
    expect(partial).toMatchObject({ output: 'first\n', running: true });
    const rest = await json<Read>(['session', 'read', 'basic', '--wait', '10']);
    expect(rest).toMatchObject({ exitCode: 0, running: false });
    expect(rest.output).toContain('second\n');
    // exec and read wait with tail -f on the login host: both must have stopped it.
    const followers = await onLogin(['pgrep', '-af', `[t]ail -c .*${tmux}/log`]);
    expect(followers.stdout).toBe('');
  }, 180_000);

  it('attach opens the very same shell in tmux for a human, who can detach again', async () => {
    await basicSession();
    await exec('basic', 'echo "seen by $((40 + 2)) eyes"');
    // A real terminal (script(1)), ctrl-b d after two seconds: what a person would type.
    const attach = `node ${cliPath} session attach basic`;
    const { stdout } = await promisify(execFile)(
      'sh',
      ['-c', `(sleep 2; printf '\\002d') | script -qfc '${attach}' /dev/null`],
      { env: { ...process.env, ...env }, timeout: 30_000 },
    );
    expect(stdout).toContain('seen by 42 eyes');
    expect(stdout).toMatch(/\[detached \(from session slurmdeck-basic-[0-9a-f]{6}\)\]/);
    expect(await exec('basic', 'echo after attach')).toMatchObject({ output: 'after attach\n' });
  }, 180_000);

  it('keeps the same job and working directory across a local restart with the ssh master killed', async () => {
    await basicSession();
    const before = await exec('basic', 'cd /var/tmp && echo "$SLURM_JOB_ID"');
    // Kill the multiplexed master the CLI processes share: the next call must open a new one.
    if (login?.transport !== 'ssh') throw new Error('not ssh');
    const { transport: _t, defaults: _d, sessions: _s, ...target } = login;
    const controlDir = defaultControlDir({ ...process.env, ...env });
    await createSshTransport({ ...target, controlDir }).close();
    const after = await exec('basic', 'pwd; echo "$SLURM_JOB_ID"');
    expect(after.output).toBe(`/var/tmp\n${before.output}`);
  }, 180_000);

  it('stop asks first, then leaves no job in the queue', async () => {
    const { tmux } = await basicSession();
    const s = await status('basic');
    const declined = await slurmdeck(['session', 'stop', 'basic']);
    expect(declined.code).toBe(4);
    expect(jobsNamed(tmux)).toMatch(/RUNNING/);
    expect((await slurmdeck(['session', 'stop', 'basic', '--yes'])).code).toBe(0);
    basic = undefined;
    await queueEmptyFor(tmux);
    expect(await status('basic')).toMatchObject({
      phase: 'ended',
      reason: 'stopped by the user',
      jobId: s.jobId,
    });
  }, 180_000);

  it('returns from start before the allocation, shows queued with the reason while the nodes are full, then becomes ready', async () => {
    await fillGpuNodes();
    try {
      await start('queued', ['-p', 'gpu', '--gpus', '1']);
      // Start did not wait for an allocation: there can be none while the nodes are full.
      const first = await status('queued');
      expect(['connecting', 'queued']).toContain(first.phase);
      expect(first.node).toBeUndefined();
      const queued = await waitForPhase('queued', 'queued', 30_000);
      expect(queued.jobId).toMatch(/^\d+$/);
      expect(queued.reason).toMatch(/Resources|Priority/);
    } finally {
      releaseGpuNodes();
    }
    try {
      const ready = await waitForPhase('queued', 'ready', 90_000);
      expect(ready.node).toMatch(/^n[23]$/);
      const steps = ready.timeline.map((t) => t.phase);
      expect(steps.slice(0, 2)).toEqual(['connecting', 'queued']);
      expect(steps.at(-1)).toBe('ready');
      expect(await exec('queued', 'echo $SLURMD_NODENAME')).toMatchObject({
        output: `${ready.node}\n`,
      });
    } finally {
      await slurmdeck(['session', 'stop', 'queued', '--yes']);
    }
  }, 240_000);

  it('excludes a node whose health command fails and retries on another', async () => {
    // A site config whose health command fails on n1; n2 and n3 are full, so n1 comes first.
    const healthConfig = join(stateDir, 'health.yaml');
    const cluster = loadConfig(configFile).clusters['dev'];
    if (!cluster) throw new Error('no dev cluster');
    saveCluster(
      'dev',
      {
        ...cluster,
        sessions: {
          healthCommand: 'test "$SLURMD_NODENAME" != n1',
          srunDefaults: [],
          maxRetries: 2,
        },
      },
      healthConfig,
    );
    const withHealth = { SLURMDECK_CONFIG: healthConfig };
    await fillGpuNodes();
    try {
      await start('health', ['-p', 'cpu'], withHealth);
      const retried = await waitUntil('the retry', async () => {
        const s = await status('health', withHealth);
        return s.attempt === 2 ? s : undefined;
      });
      expect(retried.badNodes).toEqual([
        { node: 'n1', reason: expect.stringMatching(/^health check failed on n1/) },
      ]);
    } finally {
      releaseGpuNodes();
    }
    try {
      const ready = await waitForPhase('health', 'ready', 90_000, withHealth);
      expect(ready.node).toMatch(/^n[23]$/);
      const excluded = await json<Array<{ node: string; reason: string }>>(['session', 'excluded']);
      expect(excluded.map((n) => n.node)).toEqual(['n1']);
      expect((await slurmdeck(['session', 'excluded', '--clear'])).stdout).toMatch(/cleared 1/);
    } finally {
      await slurmdeck(['session', 'stop', 'health', '--yes'], withHealth);
    }
  }, 240_000);

  it("reports a start srun refuses as failed, with srun's reason (container flags reach srun)", async () => {
    await start('nopyxis', ['--container-image=ubuntu:22.04']);
    const failed = await waitForPhase('nopyxis', 'failed', 30_000);
    expect(failed.reason).toMatch(/container-image/);
  });

  it('reports ended and releases the job when its tmux session on the login host is gone', async () => {
    const { tmux } = await start('gone');
    const ready = await waitForPhase('gone', 'ready', 120_000);
    // Only our own tmux session: the server is shared with other tests' sessions.
    await onLogin(['tmux', '-L', 'slurmdeck', 'kill-session', '-t', `=${tmux}`]);
    const ended = await status('gone');
    expect(ended.phase).toBe('ended');
    expect(ended.reason).toMatch(/tmux session on the login host is gone/);
    await queueEmptyFor(tmux);
    expect(ended.jobId).toBe(ready.jobId);
  });

  it('lists sessions left from a crash as orphaned, and stop ends them by tmux name', async () => {
    const { tmux } = await start('orphan');
    await waitForPhase('orphan', 'ready', 120_000);
    // Another machine, or this one with its state lost: a fresh, empty index.
    const lost = { SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-lost-')) };
    const listed = await json<Array<{ name: string; tmux: string; phase: string; jobId?: string }>>(
      ['session', 'list'],
      lost,
    );
    expect(listed).toContainEqual(
      expect.objectContaining({
        name: 'orphan',
        tmux,
        phase: 'orphaned',
        jobId: expect.stringMatching(/^\d+$/),
      }),
    );
    expect((await slurmdeck(['session', 'stop', tmux, '--yes'], lost)).code).toBe(0);
    await queueEmptyFor(tmux);
  });

  it("keeps an --idle-release session while an exec'd command runs, and releases it once idle", async () => {
    // 9 s of disuse ends it; the command runs more than twice as long, quietly.
    const { tmux } = await start('idle', ['--idle-release', '0.15']);
    const sleeping = await execWhenReady('idle', 'sleep 20; echo slept', 10);
    expect(sleeping.running).toBe(true);
    // exec returned; nobody touches the session. While the sleep surely runs (it began before
    // exec returned, so it ends 14 s after at the earliest), the session stays.
    const returned = Date.now();
    while (Date.now() - returned < 13_000) {
      expect((await status('idle')).phase).toBe('ready');
      await new Promise((r) => setTimeout(r, 1000));
    }
    const ended = await waitForPhase('idle', 'ended', 90_000);
    expect(ended.reason).toMatch(/unused \(--idle-release\)/);
    await queueEmptyFor(tmux);
    // Released only after the command ended on its own: its end and output are in the log.
    const read = await json<Read>(['session', 'read', 'idle']);
    expect(read).toMatchObject({ exitCode: 0, running: false });
    expect(read.output).toContain('slept');
  }, 180_000);
});
