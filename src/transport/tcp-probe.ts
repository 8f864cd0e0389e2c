import { connect } from 'node:net';
import { cleanClusterText } from '../core/clean-text.js';

export interface TcpProbe {
  host: string;
  port: number;
  reachable: boolean;
  /** Time to connect, when it did. */
  ms?: number;
  /** The first line the server sent (an SSH server says `SSH-2.0-...`), cleaned. */
  banner?: string;
  /** Why not: `ECONNREFUSED`, `ETIMEDOUT`, `ENOTFOUND`... */
  error?: string;
}

/**
 * Whether HOST:PORT takes a TCP connection within the time, and what it says first. Tells "the
 * network (VPN) is not there" apart from "ssh refused us" when a login fails.
 */
export function probeTcp(host: string, port: number, timeoutMs = 3000): Promise<TcpProbe> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let ms: number | undefined;
    let banner = '';
    const finish = (error?: string) => {
      clearTimeout(timer);
      socket.destroy();
      const line = cleanClusterText(banner.split(/\r?\n/)[0] ?? '').slice(0, 200);
      resolve({
        host,
        port,
        reachable: ms !== undefined,
        ...(ms !== undefined ? { ms: Math.round(ms) } : {}),
        ...(line ? { banner: line } : {}),
        ...(error && ms === undefined ? { error } : {}),
      });
    };
    const timer = setTimeout(() => finish('ETIMEDOUT'), timeoutMs);
    socket.once('connect', () => {
      ms = performance.now() - started;
      // An SSH server speaks first; give it a moment, then settle for the connection alone.
      setTimeout(() => finish(), Math.min(1000, timeoutMs));
    });
    socket.on('data', (chunk: Buffer) => {
      banner += chunk.toString('latin1');
      if (banner.includes('\n') || banner.length > 255) finish();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}
