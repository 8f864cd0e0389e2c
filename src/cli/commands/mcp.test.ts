import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program.js';
import type { McpServers } from './mcp.js';

function fakeServers() {
  const started: string[] = [];
  const servers: McpServers = {
    DEFAULT_HTTP_PORT: 8377,
    serveStdio: async () => undefined,
    serveHttp: async ({ token }) => {
      started.push(token);
      return { url: 'http://127.0.0.1:1/mcp', close: async () => undefined };
    },
    createMcpEndpoint: () => ({
      fetch: async () => new Response(null, { status: 404 }),
      close: async () => undefined,
    }),
  };
  return { started, load: async () => servers };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('slurmdeck mcp --http', () => {
  it('refuses a SLURMDECK_MCP_TOKEN shorter than 32 characters, and says how to make one', async () => {
    vi.stubEnv('SLURMDECK_MCP_TOKEN', 'short-secret-value');
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
    const { started, load } = fakeServers();
    const code = await runCli(['node', 'slurmdeck', 'mcp', '--http'], { mcp: load });
    expect(code).toBe(3);
    expect(started).toEqual([]);
    expect(lines[0]).toMatch(/^CREDENTIALS_INSECURE: .*SLURMDECK_MCP_TOKEN.* at least 32/);
    expect(lines[1]).toMatch(/openssl rand/);
    expect(lines.join('\n')).not.toContain('short-secret-value');
  });

  it('serves with a token of 32 characters or more', async () => {
    vi.stubEnv('SLURMDECK_MCP_TOKEN', 'k'.repeat(32));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { started, load } = fakeServers();
    const serving = runCli(['node', 'slurmdeck', 'mcp', '--http'], { mcp: load });
    await vi.waitFor(() => expect(started).toEqual(['k'.repeat(32)]));
    process.emit('SIGTERM');
    expect(await serving).toBe(0);
  });
});
