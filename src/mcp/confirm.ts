import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { McpDeps } from './deps.js';
import { callerName, type ToolExtra } from './guard.js';
import { toolResult } from './tool-result.js';

/** The input every tool that asks first takes: the token of its earlier call. */
export const confirmTokenArg = z
  .string()
  .optional()
  .describe('from an earlier call with the same arguments');

/** Fields every destructive tool's output has, whether it acted or not. */
export const confirmationFields = {
  status: z
    .enum(['done', 'declined', 'confirmation_required'])
    .describe(
      'done: it acted; declined: the user said no, nothing happened; confirmation_required: nothing happened yet, see confirmToken',
    ),
  summary: z.string().describe('what the action does (or would do), precisely'),
  confirmToken: z
    .string()
    .optional()
    .describe('single-use; pass it back with the very same arguments to act'),
  expiresAt: z.string().optional().describe('when confirmToken stops working (ISO 8601)'),
};

export interface ConfirmRequest {
  tool: string;
  cluster: string;
  /** The call's arguments without confirmToken: the token is bound to exactly these. */
  args: Record<string, unknown>;
  confirmToken: string | undefined;
  /** Precise impact, shown to the user before anything happens. */
  summary: string;
  /** The yes/no question, e.g. "Cancel these 2 jobs?". */
  question: string;
}

export type Confirmation =
  { confirmed: true; via: 'elicitation' | 'token' } | { confirmed: false; result: CallToolResult };

const ELICITATION_TIMEOUT_MS = 5 * 60_000;

/**
 * Destructive tools ask first. A token from an earlier call acts if it was issued for these very
 * arguments; else a client that can show forms asks its user (MCP elicitation); else the call
 * returns the summary and a single-use token, and a second call with it acts.
 *
 * Call it last: once every argument, name and limit has been checked, so that the user is only
 * ever asked about a call that will run (a yes to a call that then fails teaches people to say
 * yes without reading).
 */
export async function confirmAction(
  server: McpServer,
  extra: ToolExtra,
  deps: McpDeps,
  request: ConfirmRequest,
): Promise<Confirmation> {
  const { tool, args, summary } = request;
  if (request.confirmToken !== undefined) {
    deps.confirmations.consume(request.confirmToken, {
      action: tool,
      principal: callerName(extra),
      args,
    });
    return { confirmed: true, via: 'token' };
  }
  if (server.server.getClientCapabilities()?.elicitation?.form) {
    try {
      const answer = await server.server.elicitInput(
        {
          mode: 'form',
          message: `${summary}\n\n${request.question}`,
          requestedSchema: {
            type: 'object',
            properties: {
              confirm: { type: 'boolean', title: request.question, default: false },
            },
            required: ['confirm'],
          },
        },
        {
          relatedRequestId: extra.requestId,
          timeout: ELICITATION_TIMEOUT_MS,
          signal: extra.signal,
        },
      );
      if (answer.action === 'accept' && answer.content?.['confirm'] === true) {
        return { confirmed: true, via: 'elicitation' };
      }
      return declined(
        summary,
        answer.action === 'accept' ? 'answered no' : `chose ${answer.action}`,
      );
    } catch (error) {
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
        return declined(summary, 'did not answer in time');
      }
      // The client said it could ask but could not: fall back to a token.
      deps.log.warn(`mcp: elicitation failed (${String(error)}); using a confirm token`);
    }
  }
  const { token, expiresAt } = deps.confirmations.issue(
    { action: tool, principal: callerName(extra), args },
    { summary },
  );
  return {
    confirmed: false,
    result: toolResult(
      { status: 'confirmation_required', summary, confirmToken: token, expiresAt },
      `NOT DONE YET: confirmation required.\n${summary}\n\nShow this to the user and ask. Only if they agree, call ${tool} again with the same arguments plus confirmToken "${token}" (single use, valid until ${expiresAt}).`,
    ),
  };
}

function declined(summary: string, why: string): Confirmation {
  return {
    confirmed: false,
    result: toolResult(
      { status: 'declined', summary },
      `Declined: the user ${why}. Nothing was done.\n${summary}`,
    ),
  };
}
