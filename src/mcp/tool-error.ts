import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { SlurmdeckError, type ErrorCode } from '../core/errors.js';

/** What an agent can try next when an error carries no hint of its own. */
const fallbackHints: Partial<Record<ErrorCode, string>> = {
  SSH_CONNECT_FAILED: 'Check the network or VPN, then call the tool again.',
  SLURM_UNAVAILABLE: 'The controller may be restarting: wait a minute and call the tool again.',
  TIMEOUT: 'The cluster answered too slowly: call the tool again in a moment.',
  INVALID_ARGUMENT: 'Fix the argument named in the message and call the tool again.',
  JOB_NOT_FOUND: 'Check the id with list_jobs, or job_details for a finished job.',
};

/**
 * The one place the MCP face turns an error into a tool error: `CODE: message`, then the next
 * step to try. No structured content (clients check it against the tool's output schema); the
 * code and hint also ride in `_meta` for programs. Text is redacted like any other output.
 */
export function toolError(error: unknown, redact: (text: string) => string): CallToolResult {
  if (error instanceof SlurmdeckError) {
    const hint = error.hint ?? fallbackHints[error.code];
    const message = redact(error.message);
    const text = hint
      ? `${error.code}: ${message}\nnext step: ${redact(hint)}`
      : `${error.code}: ${message}`;
    return {
      isError: true,
      content: [{ type: 'text', text }],
      _meta: { 'slurmdeck/error': { code: error.code, message, ...(hint ? { hint } : {}) } },
    };
  }
  const message = redact(error instanceof Error ? error.message : String(error));
  return {
    isError: true,
    content: [
      {
        type: 'text',
        text: `INTERNAL: ${message}\nnext step: this is a bug in slurmdeck; retrying may not help. Tell the user.`,
      },
    ],
    _meta: { 'slurmdeck/error': { code: 'INTERNAL', message } },
  };
}
