import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSshTransport } from '../../src/transport/index.js';
import { loginTarget } from './dev-cluster-info.js';
import { runCli } from '../helpers/run-cli.js';
import { login, startServe, type ServeProcess } from '../helpers/serve-process.js';

const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-serve-')),
  SLURMDECK_LOG: 'warn',
};

/** Partition -> node count and total GPUs, as sinfo prints them on the login node. */
async function sinfoSummary(): Promise<Record<string, { nodes: number; gpus: number }>> {
  const ssh = createSshTransport(loginTarget());
  try {
    const { stdout } = await ssh.exec(['sinfo', '-h', '-N', '-o', '%R %N %G']);
    const out: Record<string, { nodes: number; gpus: number }> = {};
    for (const line of stdout.trim().split('\n')) {
      const [partition, , gres] = line.trim().split(/\s+/) as [string, string, string];
      const gpus = [...gres.matchAll(/gpu(?::[^:,(]+)?:(\d+)/g)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
      const entry = (out[partition] ??= { nodes: 0, gpus: 0 });
      entry.nodes += 1;
      entry.gpus += gpus;
    }
    return out;
  } finally {
    await ssh.close();
  }
}

let serve: ServeProcess;
let cookie: string;

beforeAll(async () => {
  serve = await startServe(env);
  cookie = await login(serve.loginUrl);
}, 60_000);

afterAll(async () => {
  if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
});

describe('slurmdeck serve over a real socket, against the dev cluster', () => {
  it('prints one login link on 127.0.0.1 whose code works once', async () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const again = await fetch(serve.loginUrl, { redirect: 'manual' });
    expect(again.status).toBe(401);
  });

  it('serves the status of dev as sinfo shows it', async () => {
    const res = await fetch(`${serve.url}/api/clusters/dev/status`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      partitions: Array<{ name: string; nodes: string[]; gpus: { total: number } }>;
    };
    const fromApi = Object.fromEntries(
      body.partitions.map((p) => [p.name, { nodes: p.nodes.length, gpus: p.gpus.total }]),
    );
    expect(fromApi).toEqual(await sinfoSummary());
  });

  it('takes a token made by `serve token create`, and refuses it once revoked', async () => {
    const created = await runCli(['serve', 'token', 'create', 'e2e', '--role', 'read'], env);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    const headers = { authorization: `Bearer ${token}` };
    const jobs = await fetch(`${serve.url}/api/clusters/dev/jobs?all=1`, { headers });
    expect(jobs.status).toBe(200);
    expect(await jobs.json()).toMatchObject({ cluster: 'dev', jobs: expect.any(Array) });
    expect((await runCli(['serve', 'token', 'revoke', 'e2e'], env)).code).toBe(0);
    expect((await fetch(`${serve.url}/api/clusters`, { headers })).status).toBe(401);
    expect(serve.stderr()).not.toContain(token);
  });

  it('serves the built dashboard from the package, referring to nothing outside it', async () => {
    const page = await fetch(`${serve.url}/cluster`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.sort()).toEqual(['/assets/app.css', '/assets/app.js']);
    for (const asset of assets) {
      const res = await fetch(`${serve.url}${asset}`);
      expect(res.status, asset).toBe(200);
      // No script, style or font from elsewhere (the XML namespaces are names, not fetches).
      expect((await res.text()).replace(/http:\/\/www\.w3\.org\/[\w/]+/g, '')).not.toMatch(
        /https?:\/\//,
      );
    }
  });

  it('refuses a foreign Host header on the socket (DNS rebinding)', async () => {
    const { port } = new URL(serve.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/clusters',
          headers: { host: `evil.example:${port}`, cookie },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('submits a job after confirmation and cancels it the same way, as squeue then shows', async () => {
    const created = await runCli(
      ['serve', 'token', 'create', 'operator', '--role', 'operate'],
      env,
    );
    const headers = {
      authorization: `Bearer ${created.stdout.trim()}`,
      'content-type': 'application/json',
    };
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${serve.url}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const job = { wrap: 'sleep 300', partition: 'cpu', time: '5', jobName: 'serve-e2e' };
    const dry = await post('/api/clusters/dev/jobs', { ...job, dryRun: true });
    expect(dry.body).toMatchObject({ status: 'dry_run', estimate: { partition: 'cpu' } });
    const asked = await post('/api/clusters/dev/jobs', job);
    expect(asked.body['status']).toBe('confirmation_required');
    const submitted = await post('/api/clusters/dev/jobs', {
      ...job,
      confirmToken: asked.body['confirmToken'],
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const jobId = submitted.body['jobId'] as string;

    const cancelAsked = await post(`/api/clusters/dev/jobs/${jobId}/cancel`, {});
    expect(cancelAsked.body).toMatchObject({
      status: 'confirmation_required',
      jobs: [{ id: jobId }],
    });
    const cancelled = await post(`/api/clusters/dev/jobs/${jobId}/cancel`, {
      confirmToken: cancelAsked.body['confirmToken'],
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelled: [jobId] });
    const ssh = createSshTransport(loginTarget());
    try {
      const { stdout } = await ssh.exec(['squeue', '-h', '-t', 'all', '-j', jobId, '-o', '%T']);
      expect(stdout.trim()).toMatch(/CANCELLED|COMPLETING/);
    } finally {
      await ssh.close();
    }
  });

  it('stops on SIGTERM after answering the request in flight', async () => {
    // Nodes after the shared view expired: a real sinfo round trip over ssh.
    await new Promise((r) => setTimeout(r, 3500));
    const inFlight = fetch(`${serve.url}/api/clusters/dev/nodes`, { headers: { cookie } }).then(
      (res) => ({ res, at: performance.now() }),
    );
    await new Promise((r) => setTimeout(r, 15));
    serve.child.kill('SIGTERM');
    const killedAt = performance.now();
    const { res, at } = await inFlight;
    expect(res.status).toBe(200);
    // The answer came after the signal: the request really was in flight.
    expect(at).toBeGreaterThan(killedAt);
    expect(await serve.exited).toBe(0);
    await expect(fetch(`${serve.url}/api/clusters`, { headers: { cookie } })).rejects.toThrow();
  });
});
