import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createLogger } from '../src/core/logger.js';
import { createMcpDeps, createSlurmdeckMcpServer } from '../src/mcp/index.js';
import { openDatabase } from '../src/store/index.js';

const ALLOCATION_S = Number(process.env['BENCH_ALLOCATION_S'] ?? 180);
const CLIENT_CAP_S = 60; // a typical MCP client's tool call time-out
const OUR_WAIT_S = 50; // our longest single wait, under that cap

interface Plan {
  calls: number;
  longestS: number;
  timeouts: number;
  /** Worst-case seconds from "shell ready" to the agent knowing it. */
  noticeS: number;
}

/**
 * A plain terminal server: `srun --pty` runs in a terminal tool that blocks until the command
 * returns or the client's 60 s cap cuts it off (a time-out error); after that the agent can only
 * read the screen, which returns at once, so it polls every `gapS` seconds until the prompt shows;
 * then one call runs the command (its end guessed from the prompt).
 */
function plainTerminal(gapS: number): Plan {
  const polls = Math.ceil((ALLOCATION_S - CLIENT_CAP_S) / gapS);
  return {
    calls: 1 + polls + 1,
    longestS: CLIENT_CAP_S,
    timeouts: 1,
    // The prompt may show just after a poll: the next one sees it a whole gap later.
    noticeS: gapS,
  };
}

/**
 * session_start allocates billed GPUs, so it asks first: a client that can show a form asks its
 * user inside the call; one that cannot gets a confirm token and calls again with it (one more
 * call, counted here; the plain terminal asks nobody before it allocates).
 */
const CONFIRM_CALLS = 1;

/**
 * slurmdeck: the start call and each status call wait at most 50 s and return the moment the
 * phase changes (measured below), so the agent makes one call per 50 s of allocation, then exec,
 * plus the confirmation call before the start.
 */
function slurmdeck(wakeS: number): Plan {
  return {
    calls: CONFIRM_CALLS + Math.ceil(ALLOCATION_S / OUR_WAIT_S) + 1,
    longestS: Math.min(OUR_WAIT_S, ALLOCATION_S),
    timeouts: 0,
    noticeS: wakeS,
  };
}

/** How fast a waiting wait_for_events call returns once an event lands: real server, real store. */
async function measureWake(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mcp-'));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, 'clusters:\n  bench:\n    transport: local\n');
  const deps = createMcpDeps({
    configFile,
    db: openDatabase({ file: join(dir, 'state.db') }),
    stateDir: dir,
    backgroundWatch: false,
    log: createLogger('silent'),
  });
  const server = createSlurmdeckMcpServer(deps);
  const client = new Client({ name: 'bench', version: '1' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(b), client.connect(a)]);
  deps.watchStore.add('bench', ['1']);
  const samples: number[] = [];
  let ack: number | undefined;
  for (let run = 1; run <= 5; run++) {
    let landed = 0;
    setTimeout(
      () => {
        landed = Date.now();
        deps.watchStore.event('bench', '1', 'started', run, { node: 'n1' });
      },
      1500 + run * 97,
    ); // out of step with the store polls
    const result = await client.callTool({
      name: 'wait_for_events',
      // Acknowledges what the previous call returned, as an agent does (its cursor: "bench").
      arguments: { timeoutSeconds: 10, ...(ack === undefined ? {} : { ack }) },
    });
    samples.push((Date.now() - landed) / 1000);
    ack = (result.structuredContent as { ackThrough?: number }).ackThrough ?? ack;
  }
  await client.close();
  await deps.close();
  return Math.max(...samples);
}

export async function benchMcp(): Promise<void> {
  const wake = await measureWake();
  console.log(
    `"start a GPU shell that takes ${ALLOCATION_S} s to allocate, then run one command in it"`,
  );
  console.log(
    `client cap ${CLIENT_CAP_S} s per tool call; slurmdeck wakes ${wake.toFixed(2)} s after an event (worst of 5, measured)\n`,
  );
  const head = `${''.padEnd(34)}${'tool calls'.padStart(11)}${'longest call'.padStart(14)}${'time-outs'.padStart(11)}${'noticed after'.padStart(16)}`;
  console.log(head);
  const row = (label: string, p: Plan) =>
    console.log(
      `${label.padEnd(34)}${String(p.calls).padStart(11)}${`${p.longestS} s`.padStart(14)}${String(p.timeouts).padStart(11)}${`${p.noticeS.toFixed(1)} s`.padStart(16)}`,
    );
  row('slurmdeck (long-poll + confirm)', slurmdeck(wake));
  for (const gap of [5, 10, 30]) row(`plain terminal, polled every ${gap} s`, plainTerminal(gap));
  console.log(
    '\nThe plain terminal rows are a model (see bench/mcp.ts), not a run of another server; the\n' +
      'slurmdeck row counts calls of the same contract as wait_for_events (<= 50 s, returns on change)\n' +
      'plus the confirm-token call before the allocation (none with a client that can ask its user),\n' +
      'and its wake-up latency is measured on the real server above.',
  );
}
