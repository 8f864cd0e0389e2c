import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startReceiver, type Receiver, type Reply } from '../helpers/http-receiver.js';

const configFile = inject('configFile');
const cli = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');
const run = promisify(execFile);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A config with the dev cluster and one webhook channel to a real local receiver; fresh state. */
function setup(receiver: Receiver) {
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-notify-'));
  const credentials = join(dir, 'credentials.yaml');
  writeFileSync(credentials, `wh: ${SECRET}\n`, { mode: 0o600 });
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `${readFileSync(configFile, 'utf8')}notify:\n  credentialsFile: ${credentials}\n  channels:\n    hook: webhook+http://${receiver.host}/jobs?secret=@wh\n`,
  );
  return { ...process.env, SLURMDECK_CONFIG: config, SLURMDECK_STATE_DIR: join(dir, 'state') };
}

async function submit(env: NodeJS.ProcessEnv, command: string): Promise<string> {
  const { stdout } = await run(
    'node',
    [cli, 'submit', '--wrap', command, '-o', '/dev/null', '--json'],
    { env },
  );
  return (JSON.parse(stdout) as { jobId: string }).jobId;
}

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('watch sends the report of a job end', () => {
  it('retries a receiver that answers 500 twice and gets it through on the third try, same key', async () => {
    receiver = await startReceiver((_req, index): Reply => ({ status: index < 2 ? 500 : 200 }));
    const env = setup(receiver);
    const id = await submit(env, 'echo done; exit 5');
    await run('node', [cli, 'watch', id, '--interval', '1', '--notify', 'hook'], {
      env,
      timeout: 150_000,
    });
    expect(receiver.requests).toHaveLength(3);
    const keys = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
    expect(keys.size).toBe(1);
    const body = JSON.parse(receiver.requests[2]?.body ?? '{}') as {
      data: { report: { jobId: string; outcome: string; exitCode: number } };
    };
    expect(body.data.report).toMatchObject({ jobId: id, outcome: 'FAILED', exitCode: 5 });
    const { stdout } = await run('node', [cli, 'watch', 'status', '--json'], { env });
    const status = JSON.parse(stdout) as {
      notifications: Array<{ state: string; attempts: number }>;
    };
    expect(status.notifications).toMatchObject([{ state: 'sent', attempts: 3 }]);
  }, 180_000);

  it('delivers once, with the same key, after the watcher is killed in the middle of sending', async () => {
    receiver = await startReceiver((_req, index): Reply =>
      index === 0 ? 'hang' : { status: 200 },
    );
    const env = setup(receiver);
    const id = await submit(env, 'true');
    const watcher = spawn('node', [cli, 'watch', id, '--interval', '1', '--notify', 'hook'], {
      env,
      stdio: 'ignore',
    });
    await receiver.waitFor(1);
    watcher.kill('SIGKILL');
    await new Promise((resolve) => watcher.once('exit', resolve));
    // A new watcher finds the end already recorded and the send unfinished: after the dead
    // sender's lease runs out, it sends again with the same key.
    await run('node', [cli, 'watch', id, '--interval', '1'], { env, timeout: 150_000 });
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]?.headers['webhook-id']).toBe(
      receiver.requests[0]?.headers['webhook-id'],
    );
    await run('node', [cli, 'watch', id], { env, timeout: 30_000 });
    expect(receiver.requests).toHaveLength(2);
  }, 180_000);
});

describe('a channel with a user and password whose server echoes them back', () => {
  it('leaves no form of them in the watcher stderr, watch --status --json or the database', async () => {
    const password = 'pa55word-0123';
    const basic = Buffer.from(`alice:${password}`).toString('base64');
    // The echoed header starts 290 characters in: the 300-character snippet would cut it in two.
    receiver = await startReceiver((request) => ({
      status: 401,
      body: `${'.'.repeat(260)} denied: authorization: ${String(request.headers['authorization'])} ${basic.toLowerCase()}`,
    }));
    const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-notify-'));
    const credentials = join(dir, 'credentials.yaml');
    writeFileSync(credentials, `pw: ${password}\n`, { mode: 0o600 });
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      `${readFileSync(configFile, 'utf8')}notify:\n  credentialsFile: ${credentials}\n  channels:\n    n: ntfy+http://${receiver.host}/jobs?user=alice&password=@pw\n`,
    );
    const env = {
      ...process.env,
      SLURMDECK_CONFIG: config,
      SLURMDECK_STATE_DIR: join(dir, 'state'),
    };
    const id = await submit(env, 'true');
    const watched = await run('node', [cli, 'watch', id, '--interval', '1', '--notify', 'n'], {
      env,
      timeout: 150_000,
    });
    expect(receiver.requests[0]?.headers['authorization']).toBe(`Basic ${basic}`);
    expect(watched.stderr).toMatch(/notification to n: HTTP 401/);
    const status = await run('node', [cli, 'watch', 'status', '--json'], { env });
    const db = new Database(join(dir, 'state', 'slurmdeck.db'), { readonly: true });
    const rows = JSON.stringify(db.prepare('SELECT last_error FROM notify_outbox').all());
    db.close();
    expect(rows).toMatch(/HTTP 401/);
    for (const text of [watched.stderr, watched.stdout, status.stdout, rows]) {
      for (const leak of [password, basic, basic.slice(0, 8)]) {
        expect(text.toLowerCase()).not.toContain(leak.toLowerCase());
      }
    }
  }, 180_000);
});
