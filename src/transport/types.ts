/** How slurmdeck runs a command somewhere: here, or on a cluster host over OpenSSH. */
export interface ExecOptions {
  /** Kill the command and throw TIMEOUT after this long. */
  timeoutMs?: number;
  /** Abort the command (throws ABORTED). */
  signal?: AbortSignal;
  /** Bytes written to the command's standard input, which is then closed. */
  stdin?: string | Uint8Array;
}

/** The outcome of a command that ran, whatever its exit code: the caller decides what it means. */
export interface ExecResult {
  argv: readonly string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface Transport {
  readonly kind: 'local' | 'ssh';
  /** Where commands run, for messages: "local" or "user@host:port". */
  readonly target: string;
  /** Resolves for any exit code; throws SlurmdeckError only when the command could not run. */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Releases what the transport holds open (the SSH master). */
  close(): Promise<void>;
}
