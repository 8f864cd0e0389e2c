import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  ElicitRequestSchema,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { createLogger } from '../../src/core/logger.js';
import type { ClusterHandle } from '../../src/sites/index.js';
import { createMcpDeps, type McpDeps, type McpDepsOptions } from '../../src/mcp/deps.js';
import { createSlurmdeckMcpServer } from '../../src/mcp/server.js';
import type { Job, Partition, SlurmClient } from '../../src/slurm/index.js';
import { openDatabase } from '../../src/store/index.js';
import type { Transport } from '../../src/transport/index.js';

export function job(id: string, fields: Partial<Job> = {}): Job {
  return {
    id,
    jobId: id,
    arrayJobId: undefined,
    arrayTaskId: undefined,
    name: `job-${id}`,
    user: 'alice',
    account: undefined,
    partition: 'gpu',
    qos: undefined,
    state: 'RUNNING',
    stateRaw: 'RUNNING',
    reason: undefined,
    nodeList: 'n1',
    nodeCount: 1,
    cpus: 1,
    gpus: 1,
    tresPerNode: undefined,
    minMemory: undefined,
    timeLimitSeconds: 3600,
    elapsedSeconds: 65,
    submitTime: undefined,
    startTime: undefined,
    endTime: undefined,
    workDir: '/home/alice',
    ...fields,
  };
}

/** A cluster whose queue is a list in memory: records what was cancelled and submitted. */
export function fakeCluster(queue: Job[], user = 'alice') {
  /** What sinfo would show: none unless a test puts some here. */
  const partitions: Partition[] = [];
  const cancelled: string[][] = [];
  const submitted: unknown[] = [];
  const transport: Transport = {
    kind: 'ssh',
    target: `${user}@fake:22`,
    exec: async (argv) => ({
      argv,
      exitCode: 0,
      stdout: argv[0] === 'id' ? `${user}\n` : '',
      stderr: '',
      durationMs: 1,
    }),
    close: async () => undefined,
  };
  const slurm = {
    transport,
    listPartitions: async () => partitions,
    // squeue's own filtering: ids, states, partitions (and --me, all of ours here).
    listJobs: async (filter?: { jobIds?: string[]; states?: string[]; partitions?: string[] }) =>
      queue.filter(
        (j) =>
          (!filter?.jobIds || filter.jobIds.includes(j.id)) &&
          (!filter?.states || filter.states.includes(j.state)) &&
          (!filter?.partitions || filter.partitions.includes(j.partition)),
      ),
    cancel: async (ids: readonly string[]) => {
      cancelled.push([...ids]);
      for (const id of ids)
        queue.splice(
          queue.findIndex((j) => j.id === id),
          1,
        );
    },
    submit: async (request: unknown) => {
      submitted.push(request);
      return { jobId: String(1000 + submitted.length), cluster: undefined };
    },
  } as unknown as SlurmClient;
  const handle = (name: string): ClusterHandle => ({
    name,
    config: {
      transport: 'ssh',
      host: 'fake',
      defaults: {},
      sessions: { srunDefaults: [], maxRetries: 3, fastExec: false },
    },
    transport,
    slurm,
  });
  return { handle, cancelled, submitted, queue, partitions };
}

/** Shared dependencies over a fresh config (cluster "fake") and an in-memory database. */
export function testDeps(
  cluster: ReturnType<typeof fakeCluster>,
  options: Partial<McpDepsOptions> = {},
): McpDeps {
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-mcp-'));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(
    configFile,
    `clusters:\n  fake:\n    transport: ssh\n    host: fake\nnotify:\n  credentialsFile: ${join(dir, 'none.yaml')}\n`,
  );
  return createMcpDeps({
    configFile,
    db: openDatabase({ file: ':memory:' }),
    log: createLogger('silent'),
    openCluster: (name) => cluster.handle(name),
    backgroundWatch: false,
    eventPollMs: 20,
    stateDir: dir,
    ...options,
  });
}

/** A real SDK client (named `name`) connected in memory to a real server over `deps`. */
export async function connect(
  deps: McpDeps,
  elicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>,
  name = 'test-client',
): Promise<Client> {
  const server = createSlurmdeckMcpServer(deps);
  const client = new Client(
    { name, version: '1.0.0' },
    { capabilities: elicit ? { elicitation: { form: {} } } : {} },
  );
  if (elicit) client.setRequestHandler(ElicitRequestSchema, (request) => elicit(request));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return client;
}
