import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A local stand-in for SJTU's HPC API, built from its documentation and the site's own client
 * scripts: POST/PATCH /token, GET/PATCH /user, GET /quota, POST /gen_key, POST /sign_cert (which
 * answers only once the user "approves"). Keys and certificates are real (ssh-keygen, own CA).
 */
export interface FakeSjtuApi {
  base: string;
  /** Approves (or refuses) the waiting request, or the next one when none waits yet. */
  approve(): void;
  refuse(): void;
  /** Every request as received, to check what was sent (and what was not). */
  requests: Array<{ method: string; path: string; body: string; authorization?: string }>;
  settings: FakeSettings;
  close(): Promise<void>;
}

export interface FakeSettings {
  users: Record<
    string,
    { password: string; home: string; email?: string; jaccount?: string; contact?: string }
  >;
  tokenTtlS: number;
  /** Answer certificate requests only after approve()/refuse(); else at once. */
  manualApproval: boolean;
  noSecondChannel: boolean;
  internalErrorOnSign: boolean;
  /** GET /quota answers by `TYPE:NAME` (e.g. per pool); others get one used/limit in GB. */
  quotas?: Record<string, unknown>;
}

export async function startFakeSjtuApi(settings: Partial<FakeSettings> = {}): Promise<FakeSjtuApi> {
  const s: FakeSettings = {
    users: { alice: { password: 'correct horse', home: '/lustre/home/acct-hpc/alice' } },
    tokenTtlS: 3600,
    manualApproval: false,
    noSecondChannel: false,
    internalErrorOnSign: false,
    ...settings,
  };
  const dir = mkdtempSync(join(tmpdir(), 'sdeck-fake-sjtu-'));
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'fake-ca',
    '-f',
    join(dir, 'ca'),
  ]);
  const tokens = new Map<string, string>();
  const waiting: Array<(approved: boolean) => void> = [];
  // Decisions made before their request arrived: the next request takes the first.
  const decided: boolean[] = [];
  const approval = () =>
    decided.length > 0
      ? Promise.resolve(decided.shift() as boolean)
      : new Promise<boolean>((resolve) => waiting.push(resolve));
  const decide = (approved: boolean) => {
    const waiter = waiting.shift();
    if (waiter) waiter(approved);
    else decided.push(approved);
  };
  const requests: FakeSjtuApi['requests'] = [];

  const issue = (user: string) => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = `${part({ alg: 'none' })}.${part({ sub: user, exp: Math.floor(Date.now() / 1000) + s.tokenTtlS })}.${randomBytes(8).toString('hex')}`;
    tokens.set(token, user);
    return token;
  };
  const userOf = (req: IncomingMessage) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return undefined;
    const user = tokens.get(token);
    const exp = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())
      .exp as number;
    return user && exp * 1000 > Date.now() ? user : undefined;
  };

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      body,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    const send = (status: number, text: string, type = 'text/plain') => {
      res.writeHead(status, { 'content-type': type });
      res.end(text);
    };
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /token') {
      const user = s.users[String(json['operator'])];
      if (!user || user.password !== json['password'])
        return send(401, 'wrong user name or password');
      return send(200, issue(String(json['operator'])));
    }
    if (route === 'GET /quota') {
      const own =
        s.quotas?.[`${url.searchParams.get('quota_type')}:${url.searchParams.get('name')}`];
      if (own !== undefined) return send(200, JSON.stringify(own), 'application/json');
      return send(
        200,
        JSON.stringify({
          name: url.searchParams.get('name'),
          type: url.searchParams.get('quota_type'),
          used_gb: 12,
          limit_gb: 500,
        }),
        'application/json',
      );
    }
    const user = userOf(req);
    if (!user) return send(401, 'token expired or invalid');
    if (route === 'PATCH /token') {
      tokens.delete(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
      return send(200, `Bearer ${issue(user)}`);
    }
    if (route === 'GET /user') {
      return send(
        200,
        JSON.stringify({
          uid: user,
          home: s.users[user]?.home,
          email: s.users[user]?.email ?? `${user}@example.edu`,
        }),
        'application/json',
      );
    }
    if (route === 'PATCH /user') {
      // Like a certificate, a change waits for the user's approval on their second channel.
      if (s.noSecondChannel) return send(400, 'user have not set email or jAccount');
      const approved = s.manualApproval ? await approval() : true;
      if (!approved) return send(403, 'the user refused the request');
      const account = s.users[user];
      if (!account || json['name'] !== user) return send(403, 'not your account');
      for (const field of ['password', 'email', 'jaccount', 'contact'] as const) {
        if (typeof json[field] === 'string') account[field] = json[field];
      }
      return send(200, JSON.stringify({ uid: user }), 'application/json');
    }
    if (route === 'POST /gen_key') {
      const key = join(dir, `key-${randomBytes(4).toString('hex')}`);
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', user, '-f', key]);
      return send(
        200,
        JSON.stringify({
          private_key: readFileSync(key, 'utf8'),
          public_key: readFileSync(`${key}.pub`, 'utf8'),
        }),
        'application/json',
      );
    }
    if (route === 'POST /sign_cert') {
      if (s.noSecondChannel) return send(400, 'user have not set email or jAccount');
      if (s.internalErrorOnSign)
        return send(500, 'internal error, session id: 7f3a-22b1, contact hpc@sjtu.edu.cn');
      const approved = s.manualApproval ? await approval() : true;
      if (!approved) return send(403, 'the user refused the request');
      const pub = join(dir, `sign-${randomBytes(4).toString('hex')}.pub`);
      writeFileSync(pub, String(json['public_key']));
      const validity = `-1m:+${Math.max(1, Math.round(Number(json['valid_time']) / 60))}m`;
      execFileSync('ssh-keygen', [
        '-q',
        '-s',
        join(dir, 'ca'),
        '-I',
        user,
        '-n',
        (json['principals'] as string[]).join(','),
        '-V',
        validity,
        pub,
      ]);
      return send(200, readFileSync(pub.replace(/\.pub$/, '-cert.pub'), 'utf8'));
    }
    return send(404, 'no such path');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    approve: () => decide(true),
    refuse: () => decide(false),
    requests,
    settings: s,
    close: () =>
      new Promise((resolve) => {
        for (const w of waiting.splice(0)) w(false);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
