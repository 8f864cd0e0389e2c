import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCopyStore, startCopy } from '../../src/sites/index.js';
import { followCopyEnds, openWorkspace, type Workspace } from '../../src/workspace/index.js';
import { startReceiver, type Receiver } from '../helpers/http-receiver.js';

// The dev cluster's hosts share this machine's /tmp: the login host copies what the test wrote.
let scratch: string;
let receiver: Receiver;
let ws: Workspace;

beforeAll(async () => {
  scratch = mkdtempSync('/tmp/sdeck-copy-ends-');
  chmodSync(scratch, 0o777);
  mkdirSync(join(scratch, 'src'), { mode: 0o777 });
  writeFileSync(join(scratch, 'src', 'a.txt'), 'a');
  chmodSync(join(scratch, 'src', 'a.txt'), 0o666);
  receiver = await startReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-copy-ends-'));
  const credentials = join(dir, 'credentials.yaml');
  writeFileSync(credentials, 'wh: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n', { mode: 0o600 });
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `${readFileSync(inject('configFile'), 'utf8')}notify:\n  credentialsFile: ${credentials}\n  defaultChannels: [hook]\n  channels:\n    hook: webhook+http://${receiver.host}/copies?secret=@wh\n`,
  );
  ws = openWorkspace({ face: 'http', configFile: config, stateDir: join(dir, 'state') });
});

afterAll(async () => {
  await ws.close();
  await receiver.close();
  rmSync(scratch, { recursive: true, force: true });
});

const until = async (what: string, check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('the ends of data copies, while serve runs', () => {
  it('records each end once, and notifies a failed copy (a short one that worked only as an event)', async () => {
    const store = createCopyStore(ws.db);
    const host = { cluster: 'dev', transport: ws.cluster('dev').transport };
    const ok = await startCopy(host, store, {
      source: `${scratch}/src/`,
      target: `${scratch}/out/`,
    });
    const bad = await startCopy(host, store, {
      source: `${scratch}/missing/`,
      target: `${scratch}/out2/`,
    });
    const stop = new AbortController();
    const following = followCopyEnds(ws, stop.signal, 200);
    // A second process looking at the same copies (another serve on the same state) adds nothing.
    const other = followCopyEnds(ws, stop.signal, 150);
    await until('both copies ended', () =>
      [ok.id, bad.id].every((id) => store.get(id)?.endedAt !== undefined),
    );
    await receiver.waitFor(1);
    await new Promise((r) => setTimeout(r, 600));
    stop.abort();
    await Promise.all([following, other]);

    const events = ws.events.read({ kindPrefix: 'data.copy.' });
    expect(events.map((e) => [e.subject, (e.payload as { phase: string }).phase]).sort()).toEqual(
      [
        [`copy/dev/${bad.id}`, 'failed'],
        [`copy/dev/${ok.id}`, 'done'],
      ].sort(),
    );
    expect(receiver.requests).toHaveLength(1);
    const body = receiver.requests[0]?.body ?? '';
    expect(body).toContain(`copy ${bad.id} failed`);
    expect(body).not.toContain(ok.id);
    expect(readFileSync(join(scratch, 'out', 'a.txt'), 'utf8')).toBe('a');
  });
});
