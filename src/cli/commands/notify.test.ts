import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReceiver, type Receiver } from '../../../test/helpers/http-receiver.js';
import { reportError } from '../report-error.js';
import { registerNotify } from './notify.js';

// The command end to end in this process: real config and credentials files, a real state
// database, a real HTTP receiver; only stdout is captured.
let receiver: Receiver | undefined;
let dir: string;
let output: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slurmdeck-cli-notify-'));
  vi.stubEnv('SLURMDECK_CONFIG', join(dir, 'config.yaml'));
  vi.stubEnv('SLURMDECK_STATE_DIR', join(dir, 'state'));
  vi.stubEnv('XDG_CONFIG_HOME', dir);
  output = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown = '') => {
    output.push(String(line));
  });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await receiver?.close();
  receiver = undefined;
});

/** Writes the config (first channel is the default) and, if given, the credentials file. */
function configure(channels: Record<string, string>, secrets?: string, mode = 0o600): string {
  const lines = Object.entries(channels).map(([name, spec]) => `    ${name}: "${spec}"`);
  writeFileSync(
    join(dir, 'config.yaml'),
    `notify:\n  defaultChannels: [${Object.keys(channels)[0] ?? ''}]\n  channels:\n${lines.join('\n')}\n`,
  );
  const file = join(dir, 'slurmdeck', 'credentials.yaml');
  if (secrets !== undefined) {
    mkdirSync(join(dir, 'slurmdeck'), { recursive: true });
    writeFileSync(file, secrets);
    chmodSync(file, mode);
  }
  return file;
}

/** Runs `slurmdeck notify ...`; the exit code is the one the CLI would exit with. */
async function run(...args: string[]): Promise<{ code: number; errors: string[] }> {
  const program = new Command('slurmdeck').exitOverride();
  registerNotify(program);
  const errors: string[] = [];
  try {
    await program.parseAsync(['node', 'slurmdeck', 'notify', ...args]);
    return { code: typeof process.exitCode === 'number' ? process.exitCode : 0, errors };
  } catch (error) {
    return { code: reportError(error, (line) => errors.push(line)), errors };
  }
}

describe('slurmdeck notify test', () => {
  it('sends a test message through the outbox and says it was delivered, with the status', async () => {
    receiver = await startReceiver(() => ({ status: 202 }));
    configure(
      { hook: `webhook+http://${receiver.host}/in?secret=@wh` },
      'wh: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n',
    );
    expect(await run('test', 'hook')).toEqual({ code: 0, errors: [] });
    expect(output).toEqual(['delivered to "hook" (HTTP 202)']);
    expect(receiver.requests[0]?.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('says why it was not delivered and exits 1', async () => {
    receiver = await startReceiver(() => ({ status: 404, body: 'no_such_hook' }));
    configure({ s: `slack+http://${receiver.host}/services/x` });
    expect((await run('test', 's')).code).toBe(1);
    expect(output).toEqual(['not delivered to "s": HTTP 404: no_such_hook']);
  });

  it('shows no form of a user and password that the server echoes back', async () => {
    const basic = Buffer.from('alice:pa55word-0123').toString('base64');
    receiver = await startReceiver((request) => ({
      status: 401,
      body: `bad credentials: ${String(request.headers['authorization']).toLowerCase()}`,
    }));
    configure(
      { n: `ntfy+http://${receiver.host}/t?user=alice&password=@pw` },
      'pw: pa55word-0123\n',
    );
    expect((await run('test', 'n', '--json')).code).toBe(1);
    const text = output.join('\n').toLowerCase();
    expect(text).toContain('http 401: bad credentials');
    expect(text).not.toContain(basic.slice(0, 8).toLowerCase());
    expect(text).not.toContain('pa55word');
  });

  it('names the unknown channel and the configured ones', async () => {
    configure({ hook: 'ntfy://ntfy.sh/x' });
    const { code, errors } = await run('test', 'nope');
    expect(code).toBe(3);
    expect(errors).toEqual([
      'CHANNEL_UNKNOWN: no notification channel named "nope"',
      'hint: Configured channels: hook.',
    ]);
  });

  it('says which credential is missing before sending anything', async () => {
    receiver = await startReceiver();
    const file = configure(
      { n: `ntfy+http://${receiver.host}/t?token=@ntfy_token` },
      'other: x1234\n',
    );
    const { errors } = await run('test', 'n');
    expect(errors[0]).toBe(
      `CHANNEL_INVALID: channel "n" refers to credential "ntfy_token", which is not in ${file}`,
    );
    expect(receiver.requests).toHaveLength(0);
  });

  it('refuses a credentials file others can read, saying to chmod 600 it', async () => {
    const file = configure({ n: 'ntfy://ntfy.sh/t?token=@t' }, 't: tk_secret\n', 0o644);
    const { errors } = await run('test', 'n');
    expect(errors).toEqual([
      `CREDENTIALS_INSECURE: ${file} is readable by others (mode 0644); refusing to use it`,
      `hint: Run \`chmod 600 ${file}\`, then try again.`,
    ]);
  });
});

describe('slurmdeck notify channels', () => {
  it('lists the channels, masks inline secrets and shows what is wrong', async () => {
    configure(
      {
        ops: 'ntfy://ntfy.sh/jobs?token=@ntfy',
        lab: 'dingtalk://oapi.dingtalk.com/robot/send?access_token=inline-token-1234',
        bad: 'pager://x',
      },
      'ntfy: tk_1234\n',
    );
    expect((await run('channels')).code).toBe(0);
    const text = output.join('\n');
    expect(text).toContain('ops*');
    expect(text).toContain('ntfy://ntfy.sh/jobs?token=@ntfy');
    expect(text).toContain('access_token=***');
    expect(text).not.toContain('inline-token-1234');
    expect(text).toMatch(/bad: pager:\/\/x: unknown kind "pager"/);
  });

  it('prints JSON with --json', async () => {
    configure({ ops: 'ntfy://ntfy.sh/jobs' });
    await run('channels', '--json');
    expect(JSON.parse(output.join('\n'))).toEqual([
      { name: 'ops', kind: 'ntfy', spec: 'ntfy://ntfy.sh/jobs', isDefault: true },
    ]);
  });
});
