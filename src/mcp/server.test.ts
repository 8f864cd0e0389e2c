import { afterEach, describe, expect, it } from 'vitest';
import { connect, fakeCluster, testDeps } from '../../test/helpers/mcp-fakes.js';
import type { McpDeps } from './deps.js';

let deps: McpDeps | undefined;
afterEach(async () => {
  await deps?.close();
});

describe('the MCP server', () => {
  it('lists every tool with honest annotations and an output schema', async () => {
    deps = testDeps(fakeCluster([]));
    const client = await connect(deps);
    const { tools } = await client.listTools();
    const summary = Object.fromEntries(
      tools.map((t) => [
        t.name,
        {
          readOnly: t.annotations?.readOnlyHint,
          destructive: t.annotations?.destructiveHint,
          idempotent: t.annotations?.idempotentHint,
          openWorld: t.annotations?.openWorldHint,
          // Cancels, ends or spends: it asks the user first (elicitation or a confirm token).
          asksFirst: 'confirmToken' in (t.inputSchema.properties ?? {}),
        },
      ]),
    );
    expect(summary).toMatchSnapshot();
    for (const tool of tools) {
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']) {
        expect(tool.annotations, `${tool.name} ${hint}`).toHaveProperty(hint);
      }
    }
  });

  it('says how to use it, etiquette first, in its instructions', async () => {
    deps = testDeps(fakeCluster([]));
    const client = await connect(deps);
    expect(client.getInstructions()).toMatch(/login node is for light work/);
  });

  it('turns a SlurmdeckError into a tool error with its code and the next step', async () => {
    deps = testDeps(fakeCluster([]));
    const client = await connect(deps);
    const result = await client.callTool({
      name: 'job_details',
      arguments: { jobId: '12; rm -rf ~' },
    });
    expect(result.isError).toBe(true);
    const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
    expect(text).toMatch(/^INVALID_ARGUMENT: /);
    expect(text).toMatch(/\nnext step: /);
    expect(result._meta?.['slurmdeck/error']).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('names the cluster that is not configured', async () => {
    deps = testDeps(fakeCluster([]));
    const client = await connect(deps);
    const result = await client.callTool({ name: 'list_jobs', arguments: { cluster: 'prod' } });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]?.text).toMatch(
      /^CLUSTER_UNKNOWN: no cluster named "prod"\nnext step: Configured clusters: fake/,
    );
  });
});
