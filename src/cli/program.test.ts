import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Command } from 'commander';
import type { McpServeOptions, McpServers } from './commands/mcp.js';
import { buildProgram, runCli } from './program.js';

const src = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports (static, dynamic, type-only, re-export), relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']+)'/g)];
  return specifiers.map((m) => relative(src, resolve(dirname(file), m[1] as string)));
}

function fakeServers() {
  const calls: Array<{ kind: string; options: McpServeOptions }> = [];
  const servers: McpServers = {
    DEFAULT_HTTP_PORT: 8377,
    serveStdio: async (options) => {
      calls.push({ kind: 'stdio', options });
    },
    serveHttp: async (options) => {
      calls.push({ kind: 'http', options });
      return { url: 'http://127.0.0.1:1/mcp', close: async () => undefined };
    },
    createMcpEndpoint: () => ({
      fetch: async () => new Response(null, { status: 404 }),
      close: async () => undefined,
    }),
  };
  return { calls, load: vi.fn(async () => servers) };
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('the CLI face', () => {
  it('imports nothing from the other faces: the MCP server comes in from the entry', () => {
    const files = [...sourceFiles(join(src, 'cli')), ...sourceFiles(join(src, 'mcp'))];
    const crossing = files.flatMap((file) => {
      const face = relative(src, file).split('/')[0];
      const other = face === 'cli' ? 'mcp' : 'cli';
      return importsOf(file)
        .filter((target) => target.startsWith(`${other}/`))
        .map((target) => `${relative(src, file)} -> ${target}`);
    });
    expect(crossing).toEqual([]);
  });

  it('lists mcp in --help', async () => {
    const program = await buildProgram(['node', 'slurmdeck', '--help'], {
      mcp: fakeServers().load,
    });
    expect(program.helpInformation()).toMatch(/^\s+mcp \[options\]\s+serve MCP/m);
  });

  it('serves MCP on stdio through the loader it was given, with --cluster as the default', async () => {
    const { calls, load } = fakeServers();
    const code = await runCli(['node', 'slurmdeck', '--cluster', 'lab', 'mcp', '--no-watch'], {
      mcp: load,
    });
    expect(code).toBe(0);
    expect(load).toHaveBeenCalledOnce();
    expect(calls).toEqual([
      { kind: 'stdio', options: { defaultCluster: 'lab', backgroundWatch: false } },
    ]);
  });

  it('loads the MCP server for no other command', async () => {
    const { load } = fakeServers();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await runCli(['node', 'slurmdeck', 'hook', 'example'], { mcp: load })).toBe(0);
    expect(await runCli(['node', 'slurmdeck', 'dev-cluster', '--help'], { mcp: load })).toBe(0);
    expect(load).not.toHaveBeenCalled();
  });

  it('says so when run without an MCP server to hand', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    expect(await runCli(['node', 'slurmdeck', 'mcp'])).toBe(2);
    expect(lines[0]).toMatch(/no MCP server/);
  });
});

describe("sbatch's and srun's short options", () => {
  /** The options a command would run with, its action replaced: nothing is run. */
  async function parsed(args: string[], path: string[]) {
    const program = await buildProgram(['node', 'slurmdeck', ...args]);
    let command: Command = program;
    for (const name of path) {
      command = command.commands.find((c) => c.name() === name) as Command;
    }
    let seen: { options: Record<string, unknown>; cluster: unknown } | undefined;
    command.action((...actionArgs: unknown[]) => {
      const self = actionArgs.at(-1) as Command;
      seen = { options: self.opts(), cluster: self.optsWithGlobals()['cluster'] };
    });
    await program.parseAsync(['node', 'slurmdeck', ...args]);
    return seen;
  }

  it('reads submit -c as --cpus-per-task, not as the cluster', async () => {
    const seen = await parsed(['submit', '--wrap', 'true', '-c', '2', '--test-only'], ['submit']);
    expect(seen).toMatchObject({
      options: { cpusPerTask: '2', testOnly: true },
      cluster: undefined,
    });
  });

  it('reads session start -c as srun -c, and --cpus still', async () => {
    expect(await parsed(['session', 'start', 'a', '-c', '4'], ['session', 'start'])).toMatchObject({
      options: { cpusPerTask: 4 },
    });
    expect(
      await parsed(['session', 'start', 'a', '--cpus', '3'], ['session', 'start']),
    ).toMatchObject({
      options: { cpus: 3 },
    });
  });

  it('takes --cluster before or after the command', async () => {
    for (const args of [
      ['--cluster', 'dev', 'submit', '--wrap', 'true', '-c', '2'],
      ['submit', '--wrap', 'true', '-c', '2', '--cluster', 'dev'],
    ]) {
      expect(await parsed(args, ['submit'])).toMatchObject({
        options: { cpusPerTask: '2' },
        cluster: 'dev',
      });
    }
  });

  it('refuses -c where it means nothing, instead of taking it for a cluster', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runCli(['node', 'slurmdeck', 'jobs', '-c', 'dev'])).toBe(2);
  });
});
