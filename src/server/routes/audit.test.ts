import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

/** The server with audit entries from three faces and two actors, oldest first. */
function withEntries() {
  const server = serverUnderTest();
  const admin = server.tokens.create('boss', 'admin');
  const rows = [
    { face: 'cli', actor: '', action: 'job.cancel' },
    { face: 'http', actor: 'bot', action: 'job.submit' },
    { face: 'http', actor: 'bot', action: 'job.cancel' },
    { face: 'mcp', actor: '', action: 'session.stop' },
    { face: 'http', actor: 'alice', action: 'job.cancel' },
  ] as const;
  for (const row of rows) {
    server.deps.audit.record(
      { ...row, cluster: 'dev', target: { jobIds: ['1'] }, confirmedVia: 'token' },
      'done',
    );
  }
  const get = async (query: string, token = admin) => {
    const res = await server.request(`/api/audit${query}`, { token });
    return {
      status: res.status,
      body: (await res.json()) as {
        entries: Array<{ id: number; face: string; actor: string; action: string }>;
        nextBefore?: number;
      },
    };
  };
  return { ...server, get };
}

describe('GET /api/audit', () => {
  it('lists newest first and narrows by face, actor and action together', async () => {
    const { get } = withEntries();
    const all = await get('');
    expect(all.status).toBe(200);
    expect(all.body.entries.map((e) => e.action)).toEqual([
      'job.cancel',
      'session.stop',
      'job.cancel',
      'job.submit',
      'job.cancel',
    ]);
    expect(all.body.nextBefore).toBeUndefined();
    const http = await get('?face=http&action=job.cancel');
    expect(http.body.entries.map((e) => e.actor)).toEqual(['alice', 'bot']);
    const bot = await get('?actor=bot');
    expect(bot.body.entries.map((e) => e.action)).toEqual(['job.cancel', 'job.submit']);
    expect((await get('?face=nope')).body.entries).toEqual([]);
  });

  it('pages back with before = nextBefore, each entry once, the last page without nextBefore', async () => {
    const { get } = withEntries();
    const seen: number[] = [];
    let query = '?limit=2';
    const pages: number[] = [];
    for (;;) {
      const page = await get(query);
      pages.push(page.body.entries.length);
      seen.push(...page.body.entries.map((e) => e.id));
      if (page.body.nextBefore === undefined) break;
      query = `?limit=2&before=${page.body.nextBefore}`;
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(5);
  });

  it('refuses bad paging input and a role below admin', async () => {
    const { get, tokens } = withEntries();
    expect((await get('?before=abc')).status).toBe(400);
    expect((await get('?limit=0')).status).toBe(400);
    expect((await get('', tokens.create('ops', 'operate'))).status).toBe(403);
  });
});
