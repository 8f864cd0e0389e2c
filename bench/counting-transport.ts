import type { ExecOptions, ExecResult, Transport } from '../src/transport/index.js';

/** Wraps a transport to count the bytes and time of every command's output. */
export function countingTransport(inner: Transport) {
  const totals = { calls: 0, stdoutBytes: 0, ms: 0 };
  const transport: Transport = {
    kind: inner.kind,
    target: inner.target,
    close: () => inner.close(),
    async exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
      const result = await inner.exec(argv, options);
      totals.calls++;
      totals.stdoutBytes += result.stdoutBytes?.length ?? Buffer.byteLength(result.stdout);
      totals.ms += result.durationMs;
      return result;
    },
  };
  return { transport, totals };
}
