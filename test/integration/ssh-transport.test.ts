import { randomUUID } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlurmdeckError, type ErrorCode } from '../../src/core/errors.js';
import { chattyStartupFiles } from '../../src/devcluster/index.js';
import { runProcess } from '../../src/transport/run-process.js';
import { createSshTransport, sshArgs, type SshTarget } from '../../src/transport/ssh.js';
import type { ExecResult, Transport } from '../../src/transport/types.js';
import { loginTarget } from './dev-cluster-info.js';

let scratch: string;
let target: SshTarget;
let transport: Transport;
/** The same login host as the user whose login shell is tcsh. */
let tcsh: Transport;
const opened: Transport[] = [];
const undo: Array<() => void> = [];

/** A transport with its own control directory, closed after the file. */
async function fresh(overrides: Partial<SshTarget> = {}): Promise<[Transport, string]> {
  const controlDir = join(scratch, `c${opened.length}`);
  const t = createSshTransport({ ...target, controlDir, ...overrides });
  opened.push(t);
  return [t, controlDir];
}

async function failure(promise: Promise<unknown>, code: ErrorCode): Promise<SlurmdeckError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SlurmdeckError);
  expect((error as SlurmdeckError).code, String(error)).toBe(code);
  return error as SlurmdeckError;
}

async function sockets(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => []);
  const kinds = await Promise.all(names.map(async (n) => (await lstat(join(dir, n))).isSocket()));
  return names.filter((_, i) => kinds[i]);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function newKey(name: string): Promise<string> {
  const file = join(scratch, name);
  await runProcess(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', file]);
  return file;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sd-ssh-'));
  target = loginTarget();
  [transport] = await fresh();
  [tcsh] = await fresh(loginTarget('tcshLogin'));
});

afterAll(async () => {
  for (const restore of undo) restore();
  await Promise.all(opened.map((t) => t.close()));
  await rm(scratch, { recursive: true, force: true });
});

// Shell metacharacters, whitespace, quotes and non-ASCII, mixed with arbitrary Unicode.
const nasty = fc.constantFrom(
  ...[`'`, `"`, '$', '`', '\\', ';', '|', '&', '<', '>', '(', ')', '{', '}', '*', '?', '~'],
  ...['#', '!', '=', '%', ' ', '\t', '\n', '\r', '-', 'a', 'é', '中', '😀'],
);
const argument = fc.oneof(
  fc.string({ unit: nasty, maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 32 }).filter((s) => !s.includes('\0')),
  fc.constant(''),
);

const users = [
  ['bash', () => transport],
  ['tcsh', () => tcsh],
] as const;

/** Runs `check` with chatty startup files for the user behind `t`, quiet again afterwards. */
async function whileChatty(t: () => Transport, check: () => Promise<void>): Promise<void> {
  const restore = chattyStartupFiles(userOf(t).user);
  undo.push(restore);
  try {
    await check();
  } finally {
    restore();
  }
}

describe.each(users)('ssh transport as the %s user', (shell, t) => {
  it('gives back 2,000 random arguments byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(argument, { minLength: 50, maxLength: 50 }), async (args) => {
        const result = await t().exec(['printf', '%s\\0', ...args]);
        expect(result.exitCode, result.stderr).toBe(0);
        const words = result.stdout.split('\0');
        expect(words.pop()).toBe('');
        expect(words).toEqual(args);
      }),
      { numRuns: 40 },
    );
  });

  it('leaves no login shell around the command: sh replaced it, and the command replaced sh', async () => {
    const login = await t().exec(['sh', '-c', 'echo "$SHELL"; cat "/proc/$PPID/comm"']);
    expect(login.stdout).toBe(`${shell === 'bash' ? '/bin/bash' : '/usr/bin/tcsh'}\nsshd\n`);
  });

  it('passes exit codes through and feeds stdin', async () => {
    expect((await t().exec(['sh', '-c', 'exit 3'])).exitCode).toBe(3);
    const result = await t().exec(['sh', '-c', 'cat; echo done >&2'], {
      stdin: 'héllo\nworld',
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'héllo\nworld', stderr: 'done\n' });
    expect(result.argv).toEqual(['sh', '-c', 'cat; echo done >&2']);
    const bytes = await t().exec(['od', '-An', '-tx1'], { stdin: new Uint8Array([0, 255]) });
    expect(bytes.stdout.trim()).toBe('00 ff');
  });

  it('gives only the command its output when startup files print, on stdout and stderr', async () => {
    await whileChatty(t, async () => {
      // What a plain ssh shows: the startup files do print, on both streams.
      const plain = await plainSsh(userOf(t).user, 'true');
      expect(plain.stdout).toMatch(/Welcome to the slurmdeck dev cluster/);
      expect(plain.stderr).toMatch(/module: loaded dev/);
      const result = await t().exec([
        'sh',
        '-c',
        'printf "%s|" "$@"; echo oops >&2; exit 4',
        'sh',
        'a b',
        '!c',
      ]);
      expect(result).toMatchObject({ exitCode: 4, stdout: 'a b|!c|', stderr: 'oops\n' });
      const words = await t().exec(['printf', '%s\\0', "it's", '$HOME', 'x\ny']);
      expect(words.stdout).toBe("it's\0$HOME\0x\ny\0");
    });
  });

  it('says so when the login shell exits before running the command', async () => {
    const user = userOf(t).user;
    const home = `/home/${user}`;
    const file = shell === 'bash' ? `${home}/.bashrc` : `${home}/.tcshrc`;
    const before = await readFile(file, 'utf8').catch(() => undefined);
    // tcsh carries on after an `exit` in a startup file; an exec ends both shells.
    const closed = `/bin/sh -c 'echo "this account is closed" >&2'\nexec /bin/false\n`;
    await writeFile(file, `${closed}${before ?? ''}`);
    const marker = `slurmdeck-marker-${randomUUID()}`;
    try {
      const error = await failure(t().exec(['touch', marker]), 'SSH_CONNECT_FAILED');
      expect(error.message).toMatch(/login shell did not run the command: this account is closed/);
      expect(error.hint).toMatch(/startup files/);
    } finally {
      if (before === undefined) await rm(file, { force: true });
      else await writeFile(file, before);
    }
    expect((await t().exec(['test', '-e', marker])).exitCode).toBe(1);
  });
});

function userOf(t: () => Transport): { user: string } {
  return { user: (t() === tcsh ? loginTarget('tcshLogin') : target).user as string };
}

/** ssh as a user runs it, without a master: what the login shell prints reaches us as is. */
function plainSsh(user: string, command: string) {
  return runProcess([
    'ssh',
    ...['-o', 'BatchMode=yes', '-o', 'ControlMaster=no', '-o', 'ControlPath=none'],
    ...['-o', 'IdentitiesOnly=yes', '-i', target.identityFile as string],
    ...['-o', `UserKnownHostsFile=${target.knownHostsFile as string}`],
    ...['-l', user, '-p', String(target.port), '--', target.host, command],
  ]);
}

describe('ssh transport against the dev cluster login host', () => {
  it('returns a remote exit 255 as a result, even when its stderr looks like ssh', async () => {
    const plain = await transport.exec(['sh', '-c', 'echo oops >&2; exit 255']);
    expect(plain).toMatchObject({ exitCode: 255, stderr: 'oops\n' });
    // What a nested `ssh node ...` run on the login host prints when the node is down.
    const line = 'ssh: connect to host n9 port 22: Connection refused';
    const nested = await transport.exec(['sh', '-c', `echo '${line}' >&2; exit 255`]);
    expect(nested).toMatchObject({ exitCode: 255, stderr: `${line}\n` });
  });

  it("never takes a startup file's message for ssh's own, even when the connection drops", async () => {
    const [t, controlDir] = await fresh();
    await t.exec(['true']);
    const bashrc = `/home/${target.user as string}/.bashrc`;
    const before = await readFile(bashrc, 'utf8');
    const lie = `${target.user as string}@login: Permission denied (publickey).`;
    await writeFile(bashrc, `/bin/sh -c 'echo "${lie}" >&2'\n${before}`);
    try {
      const running = t.exec(['sh', '-c', 'sleep 3; exit 255']).then(
        (result) => result,
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // The master goes away while the command runs: ssh exits 255, and its stderr is read.
      const check = await runProcess(sshArgs({ ...target, controlDir }, ['-O', 'check']));
      process.kill(Number(/pid=(\d+)/.exec(check.stderr)?.[1]), 'SIGKILL');
      const outcome = await running;
      if (outcome instanceof SlurmdeckError) expect(outcome.code).toBe('SSH_CONNECT_FAILED');
      else expect(outcome).toMatchObject({ exitCode: 255 });
      const said = outcome instanceof Error ? outcome.message : (outcome as ExecResult).stderr;
      expect(said).not.toMatch(/denied/);
    } finally {
      await writeFile(bashrc, before);
    }
  });

  it('throws TIMEOUT when the command outlives timeoutMs', async () => {
    const started = Date.now();
    await failure(transport.exec(['sleep', '20'], { timeoutMs: 500 }), 'TIMEOUT');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('throws ABORTED when the signal fires', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await failure(transport.exec(['sleep', '20'], { signal: controller.signal }), 'ABORTED');
  });

  it('refuses an unknown host key and never runs the command', async () => {
    const knownHostsFile = join(scratch, 'empty_known_hosts');
    await writeFile(knownHostsFile, '');
    const [stranger, controlDir] = await fresh({ knownHostsFile });
    const marker = `slurmdeck-marker-${randomUUID()}`;
    const error = await failure(stranger.exec(['touch', marker]), 'SSH_HOST_KEY');
    expect(error.message).toContain(target.host);
    expect(error.hint).toContain(knownHostsFile);
    expect(await sockets(controlDir)).toEqual([]);
    expect((await transport.exec(['test', '-e', marker])).exitCode).toBe(1);
  });

  it('refuses a changed host key, and says so', async () => {
    const other = await readFile(`${await newKey('other_host_key')}.pub`, 'utf8');
    const name = target.port === 22 ? target.host : `[${target.host}]:${target.port}`;
    const knownHostsFile = join(scratch, 'wrong_known_hosts');
    await writeFile(knownHostsFile, `${name} ${other.trim()}\n`);
    const [impostor] = await fresh({ knownHostsFile });
    const error = await failure(impostor.exec(['true']), 'SSH_HOST_KEY');
    expect(error.message).toMatch(/has changed/);
    expect(error.hint).toMatch(/possible attack/);
  });

  it('throws SSH_AUTH_FAILED for a key the host does not accept', async () => {
    const [stranger] = await fresh({ identityFile: await newKey('unknown_user_key') });
    const error = await failure(stranger.exec(['true']), 'SSH_AUTH_FAILED');
    expect(error.message).toContain(`${target.user}@`);
  });

  it('throws SSH_CONNECT_FAILED quickly for a closed port', async () => {
    const [nowhere] = await fresh({ host: '127.0.0.1', port: await closedPort() });
    const started = Date.now();
    const error = await failure(nowhere.exec(['true']), 'SSH_CONNECT_FAILED');
    expect(error.message).toMatch(/Connection refused/);
    expect(Date.now() - started).toBeLessThan(5000);
    // connect() says the same, before any command.
    await failure(nowhere.connect?.() ?? Promise.resolve(), 'SSH_CONNECT_FAILED');
  });

  it('connect() opens the master ahead of a command, which then reuses it', async () => {
    const [t, controlDir] = await fresh();
    await t.connect?.();
    expect(await sockets(controlDir)).toHaveLength(1);
    const check = await runProcess(sshArgs({ ...target, controlDir }, ['-O', 'check']));
    const pid = /pid=(\d+)/.exec(check.stderr)?.[1];
    expect((await t.exec(['echo', 'ok'])).stdout).toBe('ok\n');
    const again = await runProcess(sshArgs({ ...target, controlDir }, ['-O', 'check']));
    expect(/pid=(\d+)/.exec(again.stderr)?.[1]).toBe(pid);
  });

  it('keeps one master socket in controlDir, which close() removes', async () => {
    const [t, controlDir] = await fresh();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.exec(['echo', String(i)])),
    );
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 8 }, (_, i) => `${i}\n`));
    expect(await sockets(controlDir)).toHaveLength(1);
    expect((await lstat(controlDir)).mode & 0o777).toBe(0o700);
    await t.close();
    expect(await sockets(controlDir)).toEqual([]);
    expect((await t.exec(['echo', 'again'])).stdout).toBe('again\n');
    expect(await sockets(controlDir)).toHaveLength(1);
  });

  it('recovers when the master was killed and left its socket behind', async () => {
    const [t, controlDir] = await fresh();
    await t.exec(['true']);
    const check = await runProcess(sshArgs({ ...target, controlDir }, ['-O', 'check']));
    const pid = Number(/pid=(\d+)/.exec(check.stderr)?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await sockets(controlDir)).toHaveLength(1);
    expect((await t.exec(['echo', 'back'])).stdout).toBe('back\n');
  });
});
