/** A JSON-RPC error as the HTTP answer (no id: the request could not be read). */
export function jsonRpcError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export const PARSE_ERROR = -32700;
export const SERVER_ERROR = -32000;

/**
 * The request's JSON body, or the answer to give instead: 413 past `maxBytes` (told by
 * Content-Length, or counted while reading, so a lying header cannot make us buffer more),
 * -32700 for text that is not JSON.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ body: unknown } | { refusal: Response }> {
  const tooLarge = () => ({
    refusal: jsonRpcError(413, SERVER_ERROR, `request body larger than ${maxBytes} bytes`),
  });
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) return tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooLarge();
      }
      chunks.push(value);
    }
  }
  try {
    return { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { refusal: jsonRpcError(400, PARSE_ERROR, 'Parse error: the body is not valid JSON') };
  }
}
