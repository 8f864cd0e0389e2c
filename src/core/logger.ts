/** Logs go to stderr: stdout belongs to command output (and, for the MCP server, to the protocol). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(level: LogLevel = envLevel()): Logger {
  const write = (at: LogLevel) => (message: string) => {
    if (order[at] >= order[level]) process.stderr.write(`${message}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function envLevel(): LogLevel {
  const value = process.env['SLURMDECK_LOG'];
  return value && value in order ? (value as LogLevel) : 'warn';
}
