import { timingSafeEqual } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { signStandardWebhook } from '../core/standard-webhooks.js';
import { jobEndPushSchema, type JobEndPush } from './job-end-push.js';

const MAX_BODY = 16 * 1024;
// Standard Webhooks receivers refuse timestamps this far off, so a captured request can't be replayed later.
const TOLERANCE_S = 300;

export function verifyPush(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  nowS = Math.floor(Date.now() / 1000),
): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const timestamp = Number(headers['webhook-timestamp']);
  const given = String(headers['webhook-signature'] ?? '');
  if (!id || !Number.isInteger(timestamp) || Math.abs(nowS - timestamp) > TOLERANCE_S) return false;
  const expected = Buffer.from(signStandardWebhook(secret, id, timestamp, body));
  // The header may carry several space-separated signatures (key rotation).
  return given.split(' ').some((candidate) => {
    const bytes = Buffer.from(candidate);
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  });
}

export interface PushReceiver {
  /** Where it listens, e.g. 10.0.0.5:8765 (port resolved when 0 was asked). */
  address: string;
  close(): Promise<void>;
}

/** HTTP endpoint for epilog pushes; every valid one calls `onPush`, anything else gets 4xx. */
export async function listenForPushes(
  listen: { host: string; port: number },
  secret: string,
  onPush: (push: JobEndPush) => void,
): Promise<PushReceiver> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST') return void res.writeHead(405).end();
      if (!verifyPush(secret, req.headers, body)) return void res.writeHead(401).end();
      const parsed = jobEndPushSchema.safeParse(safeJson(body));
      if (!parsed.success) return void res.writeHead(400).end();
      res.writeHead(204).end();
      onPush(parsed.data);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, resolve);
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : listen.port;
  return {
    address: `${listen.host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Spool folder on shared storage: each file is one push, read once and removed. */
export function watchSpool(dir: string, onPush: (push: JobEndPush) => void): { close(): void } {
  mkdirSync(dir, { recursive: true });
  // A file we may not delete (a sticky shared folder, written by the slurm user) is read once.
  const seen = new Set<string>();
  const drain = () => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.endsWith('.json') || seen.has(name)) continue;
      const file = join(dir, name);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // removed by another reader meanwhile
      }
      seen.add(name);
      const parsed = jobEndPushSchema.safeParse(safeJson(text));
      if (parsed.success) onPush(parsed.data);
      try {
        rmSync(file, { force: true });
        seen.delete(name);
      } catch {
        // kept in `seen`: never pushed twice
      }
    }
  };
  drain();
  // fs.watch misses events on NFS: a slow timer covers what it misses.
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, drain);
  } catch {
    watcher = undefined;
  }
  const timer = setInterval(drain, 2000);
  timer.unref();
  return {
    close() {
      watcher?.close();
      clearInterval(timer);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
