import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { McpDeps } from './deps.js';
import { toolError } from './tool-error.js';

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Who called, where the endpoint knows (serve's /mcp: the API token's name); else empty. */
export const callerName = (extra: ToolExtra): string => extra.authInfo?.clientId ?? '';

/** A tool body whose failures, of any kind, come back as tool errors (never as a crash). */
export function guard<A>(
  deps: McpDeps,
  body: (args: A, extra: ToolExtra) => Promise<CallToolResult>,
): (args: A, extra: ToolExtra) => Promise<CallToolResult> {
  return async (args, extra) => {
    try {
      return await body(args, extra);
    } catch (error) {
      deps.log.debug(`mcp: tool failed: ${String(error)}`);
      return toolError(error, deps.redact);
    }
  };
}

/** Progress for clients that asked for it (a progress token); silently nothing otherwise. */
export async function sendProgress(
  extra: ToolExtra,
  progress: number,
  total: number | undefined,
  message: string,
): Promise<void> {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return;
  await extra
    .sendNotification({
      method: 'notifications/progress',
      params: { progressToken, progress, ...(total === undefined ? {} : { total }), message },
    })
    .catch(() => undefined);
}
