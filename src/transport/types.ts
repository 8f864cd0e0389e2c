/** How slurmdeck runs a command somewhere: here, or on a cluster host over OpenSSH. */
export interface ExecOptions {
  /** Kill the command and throw TIMEOUT after this long. */
  timeoutMs?: number;
  /** Abort the command (throws ABORTED). */
  signal?: AbortSignal;
  /** Bytes written to the command's standard input, which is then closed. */
  stdin?: string | Uint8Array;
  /**
   * Return standard output as bytes (`stdoutBytes`; `stdout` is then ''). It is written to a
   * private temporary file meanwhile, so a large answer keeps arriving while this process is busy.
   */
  binary?: boolean;
}

/** The outcome of a command that ran, whatever its exit code: the caller decides what it means. */
export interface ExecResult {
  argv: readonly string[];
  exitCode: number;
  stdout: string;
  /** Standard output as it came, when asked for with `binary`. */
  stdoutBytes?: Buffer;
  stderr: string;
  durationMs: number;
}

/** A program running behind a terminal on the host: bytes in and out, until it exits. */
export interface TtyProcess {
  /** What is typed; the terminal's line discipline applies (ctrl-c interrupts). */
  write(bytes: Uint8Array | string): void;
  onOutput(listener: (bytes: Buffer) => void): void;
  /** The exit code (128 + signal when killed), and what the local side printed on stderr. */
  readonly exited: Promise<{ exitCode: number; stderr: string }>;
  /** Ends it: the program on the host sees its terminal hang up. */
  kill(): void;
}

export interface Transport {
  readonly kind: 'local' | 'ssh';
  /** Where commands run, for messages: "local" or "user@host:port". */
  readonly target: string;
  /** Resolves for any exit code; throws SlurmdeckError only when the command could not run. */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /**
   * Runs argv on the host with a terminal of its own (a pty there): for attaching to a
   * session's tmux. Transports that cannot do that leave it out.
   */
  openTty?(argv: readonly string[]): Promise<TtyProcess>;
  /**
   * Connects now (ssh: logs in and opens its master) so that a first command need not wait for
   * it; commands connect by themselves, this only lets a caller do it while it waits for
   * something else. Throws what a command would for a host it cannot reach.
   */
  connect?(options?: Pick<ExecOptions, 'timeoutMs' | 'signal'>): Promise<void>;
  /** Releases what the transport holds open (the SSH master). */
  close(): Promise<void>;
}
