import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const cliPath = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');

export interface ToolAnswer<T> {
  isError: boolean;
  text: string;
  data: T;
}

/** Calls a tool and returns its text and structured content, typed as the test expects. */
export async function call<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolAnswer<T>> {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 90_000 });
  return {
    isError: result.isError === true,
    text: (result.content as Array<{ text?: string }>)[0]?.text ?? '',
    data: result.structuredContent as T,
  };
}

/** `slurmdeck mcp` as a child process, as Claude Code starts it, with a real SDK client. */
export async function stdioClient(env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, 'mcp'],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, pid: transport.pid as number };
}

export interface EventData {
  events: Array<{
    id: number;
    jobId: string;
    kind: string;
    report?: { outcome: string; exitCode?: number; logTail: string };
  }>;
  ackThrough?: number;
}

/** Calls wait_for_events until `match` finds an event (acking what it read), or fails. */
export async function waitForEvent(
  client: Client,
  match: (event: EventData['events'][number]) => boolean,
  ms = 150_000,
): Promise<{ event: EventData['events'][number]; text: string }> {
  const deadline = Date.now() + ms;
  let ack: number | undefined;
  while (Date.now() < deadline) {
    const { data, text } = await call<EventData>(client, 'wait_for_events', {
      timeoutSeconds: 20,
      ...(ack === undefined ? {} : { ack }),
    });
    const found = data.events.find(match);
    if (found) return { event: found, text };
    ack = data.ackThrough ?? ack;
  }
  throw new Error('no matching event in time');
}
