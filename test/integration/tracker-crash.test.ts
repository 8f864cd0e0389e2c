import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from '../helpers/postgres.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const BATCHES = 160;
const POINTS = 2000;
const KEYS = ['loss', 'acc'];

let postgres: Postgres;
const servers: ServeProcess[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);

afterAll(() => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  postgres?.stop();
});

/** One batch: POINTS steps of each key, steps of batch n following those of batch n-1. */
function batchBody(uid: string, seq: number): string {
  const points = [];
  for (let i = 0; i < POINTS; i++) {
    const s = (seq - 1) * POINTS + i;
    for (const k of KEYS) points.push({ k, s, v: s / 7, t: 1_780_000_000 + s / 1000 });
  }
  return JSON.stringify({ run: uid, seq, points });
}

describe.each(['sqlite', 'postgres'] as const)(
  'the server killed -9 during ingest (%s)',
  (kind) => {
    it('loses no acknowledged point and counts none twice once the client retries', async () => {
      const dir = mkdtempSync('/tmp/sdeck-tracker-crash-');
      // No cluster: ingest alone, nothing polled.
      writeFileSync(join(dir, 'config.yaml'), 'clusters: {}\n');
      const env = {
        ...process.env,
        SLURMDECK_CONFIG: join(dir, 'config.yaml'),
        SLURMDECK_STATE_DIR: join(dir, 'state'),
        SLURMDECK_LOG: 'warn',
      };
      const args = ['--no-dev-cluster'];
      if (kind === 'postgres') {
        args.push('--database', await postgres.createDatabase(`crash_${Date.now()}`));
      }
      let serve = await startServe(env, args);
      servers.push(serve);
      const port = new URL(serve.url).port;
      const created = await runCli(['serve', 'token', 'create', 'ci', '--role', 'operate'], env);
      expect(created.code, created.stderr).toBe(0);
      const headers = {
        authorization: `Bearer ${created.stdout.trim()}`,
        'content-type': 'application/json',
      };
      const uid = `crash-${kind}`;
      const init = await fetch(`${serve.url}/api/tracker/runs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ run: uid, project: 'crash' }),
      });
      expect(init.status).toBe(201);

      // The client: every batch posted until the server acknowledges it, as the Python client
      // does (a refused connection or a reset is tried again; an answer is final).
      const acked = new Map<number, { applied: number; duplicates: number }>();
      const refused: string[] = [];
      let retries = 0;
      let killed = false;
      async function send(seq: number): Promise<void> {
        for (;;) {
          try {
            const res = await fetch(`http://127.0.0.1:${port}/api/tracker/batches`, {
              method: 'POST',
              headers,
              body: batchBody(uid, seq),
            });
            if (res.status >= 500) throw new Error(`HTTP ${res.status}`);
            if (res.status !== 200) {
              refused.push(`${seq}: HTTP ${res.status} ${await res.text()}`);
              return;
            }
            acked.set(seq, (await res.json()) as { applied: number; duplicates: number });
            return;
          } catch (error) {
            if (!killed) throw error;
            retries++;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      }
      // Two writers at a time, so the kill lands while requests are in flight.
      let next = 1;
      const writer = async () => {
        while (next <= BATCHES) await send(next++);
      };
      const writers = Promise.all([writer(), writer()]);
      while (acked.size < 40) await new Promise((resolve) => setTimeout(resolve, 5));
      killed = true;
      serve.child.kill('SIGKILL');
      await serve.exited;
      serve = await startServe(env, [...args, '--port', port]);
      servers.push(serve);
      await writers;

      expect(refused).toEqual([]);
      expect(retries).toBeGreaterThan(0);
      expect(acked.size).toBe(BATCHES);
      // A batch applied just before the kill whose answer was lost comes back as a duplicate.
      const applied = [...acked.values()].reduce((n, r) => n + r.applied, 0);
      const duplicates = [...acked.values()].reduce((n, r) => n + r.duplicates, 0);
      expect(applied + duplicates).toBe(BATCHES);
      for (const key of KEYS) {
        const res = await fetch(`${serve.url}/api/tracker/runs/${uid}/metric?key=${key}`, {
          headers,
        });
        const body = (await res.json()) as { steps: number[]; values: number[] };
        expect(body.steps.length, key).toBe(BATCHES * POINTS);
        expect(body.steps.every((s, i) => s === i)).toBe(true);
        expect(body.values[POINTS * 41]).toBe((POINTS * 41) / 7);
      }
      expect(serve.stderr()).not.toContain(postgres.password);
      serve.child.kill('SIGTERM');
      await serve.exited;
    }, 180_000);
  },
);
