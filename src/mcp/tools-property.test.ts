import fc from 'fast-check';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, testDeps } from '../../test/helpers/mcp-fakes.js';
import type { ClusterHandle } from '../sites/index.js';
import { createSlurmClient } from '../slurm/index.js';
import type { Transport } from '../transport/index.js';
import type { McpDeps } from './deps.js';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: unknown;
};

// Waiting arguments are capped so a run takes seconds; everything else is as the schema says.
const WAIT_KEY = /seconds|wait/i;

function anyString(schema: Schema): fc.Arbitrary<string> {
  return fc.string({
    unit: fc.constantFrom('a', 'Z', '1', '-', '_', ' ', ';', '$', '\n', '\x1b', '日', '"', '/'),
    minLength: schema.minLength ?? 0,
    maxLength: Math.min(schema.maxLength ?? 24, 24),
  });
}

const jobId = fc.stringMatching(/^[1-9][0-9]{0,6}(_[0-9]{1,3})?$/);
const PLAUSIBLE: Record<string, fc.Arbitrary<string>> = {
  cluster: fc.constant('fake'),
  jobId,
  jobIds: jobId,
  // Session names, and the tmux name of an orphan (which session_stop takes too).
  name: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_-]{0,12}$/), fc.constant('sdk-old-0a1b2c')),
  partition: fc.constantFrom('gpu', 'cpu'),
  time: fc.constantFrom('10', '1:00:00', '2-00:00:00', '99999999999'),
  // The tools that ask first check every value before they ask: plausible ones get through.
  gpus: fc.constantFrom('1', 'a100:2'),
  mem: fc.constantFrom('4G', '16000'),
  exclude: fc.constantFrom('n1', 'gpu[01-02]'),
  containerArgs: fc.constant('--container-image=ubuntu'),
};

/** Any value the JSON schema of a tool's input accepts (the subset zod emits for our tools). */
function arbitrary(schema: Schema, key = ''): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((s) => arbitrary(s, key)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      // Mostly plausible values where a random one would only ever be refused at the door.
      if (PLAUSIBLE[key])
        return fc.oneof({ weight: 4, arbitrary: PLAUSIBLE[key] }, anyString(schema));
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return anyString(schema);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1) + (type === 'integer' ? 1 : 0);
      const max = WAIT_KEY.test(key) ? Math.min(schema.maximum ?? 1, 1) : (schema.maximum ?? 1e6);
      return type === 'integer'
        ? fc.integer({ min: Math.ceil(Math.max(min, -1e6)), max: Math.floor(max) })
        : fc.double({ min: Math.max(min, -1e6), max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(arbitrary(schema.items ?? { type: 'string' }, key), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      // A left-out wait means the tool's default (up to 50 s): always give one, capped above.
      const required = new Set([
        ...(schema.required ?? []),
        ...Object.keys(properties).filter((name) => WAIT_KEY.test(name)),
      ]);
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([name, s]) => [name, arbitrary(s, name)]),
        ),
        { requiredKeys: [...required] },
      );
    }
    default:
      return fc.constant(undefined);
  }
}

/** A cluster whose every command succeeds and prints nothing: the real client over it. */
function quietCluster(name: string): ClusterHandle {
  const transport: Transport = {
    kind: 'ssh',
    target: 'alice@quiet:22',
    exec: async (argv) => ({
      argv,
      exitCode: 0,
      stdout: argv[0] === 'id' ? 'alice\n' : '',
      stderr: '',
      durationMs: 1,
    }),
    close: async () => undefined,
  };
  return {
    name,
    config: {
      transport: 'ssh',
      host: 'quiet',
      defaults: {},
      sessions: { srunDefaults: [], maxRetries: 0, fastExec: false },
    },
    transport,
    slurm: createSlurmClient(transport),
  };
}

let deps: McpDeps;
let client: Client;
beforeAll(async () => {
  deps = testDeps({ handle: quietCluster } as never);
  client = await connect(deps);
});
afterAll(async () => {
  await client.close();
  await deps.close();
});

describe('every MCP tool, any schema-valid input', () => {
  it('answers with a result or a coded error, never INTERNAL', async () => {
    const { tools } = await client.listTools();
    const seen = new Set<string>();
    expect(tools.length).toBeGreaterThan(15);
    for (const tool of tools) {
      await fc.assert(
        fc.asyncProperty(arbitrary(tool.inputSchema as Schema), async (args) => {
          const result = await client
            .callTool({ name: tool.name, arguments: args as Record<string, unknown> }, undefined, {
              timeout: 10_000,
            })
            .catch((error: unknown) => {
              throw new Error(`${tool.name} ${JSON.stringify(args)}: ${String(error)}`);
            });
          const text = (result.content as Array<{ text?: string }>)[0]?.text ?? '';
          expect(text, `${tool.name} ${JSON.stringify(args)}`).not.toMatch(/^INTERNAL/);
          seen.add(`${tool.name}: ${result.isError ? text.split(/[:\n]/)[0] : 'ok'}`);
        }),
        { numRuns: 25 },
      );
    }
    // Not only refusals at the door: plenty of calls got through to the cluster and back.
    expect([...seen].filter((what) => what.endsWith(': ok')).length).toBeGreaterThanOrEqual(6);
  }, 300_000);
});
