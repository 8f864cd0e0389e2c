import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlurmdeckError } from '../core/errors.js';
import { probeTcp } from './tcp-probe.js';
import type { Transport } from './types.js';
import { withUnreachableHint } from './with-unreachable-hint.js';

// Real sockets on 127.0.0.1: an SSH-like server that speaks first, and a port nobody holds.
let ssh: Server;
let sshPort: number;
let closedPort: number;

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
};

beforeAll(async () => {
  ssh = createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2p1 \x1b[31mDebian\r\n'));
  sshPort = await listen(ssh);
  const gone = createServer();
  closedPort = await listen(gone);
  await new Promise((resolve) => gone.close(resolve));
});

afterAll(() => new Promise((resolve) => ssh.close(resolve)));

describe('probeTcp', () => {
  it('connects and reads the banner, cleaned of escape sequences', async () => {
    const probe = await probeTcp('127.0.0.1', sshPort);
    expect(probe).toMatchObject({ reachable: true, banner: 'SSH-2.0-OpenSSH_9.2p1 Debian' });
    expect(probe.ms).toBeGreaterThanOrEqual(0);
  });

  it('says why a port does not answer', async () => {
    expect(await probeTcp('127.0.0.1', closedPort)).toEqual({
      host: '127.0.0.1',
      port: closedPort,
      reachable: false,
      error: 'ECONNREFUSED',
    });
  });
});

describe('withUnreachableHint', () => {
  const failing: Transport = {
    kind: 'ssh',
    target: 'u@site',
    close: async () => undefined,
    exec: () =>
      Promise.reject(
        new SlurmdeckError('SSH_CONNECT_FAILED', 'ssh: connect to host site port 22: timed out', {
          hint: 'Check the host name.',
        }),
      ),
  };
  const hintOf = async (port: number) => {
    const transport = withUnreachableHint(failing, {
      hint: 'Off campus, connect the VPN first.',
      host: '127.0.0.1',
      port,
    });
    return transport.exec(['true']).catch((error: SlurmdeckError) => error.hint);
  };

  it('gives the site’s advice when its address does not answer', async () => {
    expect(await hintOf(closedPort)).toBe(
      `Off campus, connect the VPN first. (127.0.0.1:${closedPort} did not answer: ECONNREFUSED) (Check the host name.)`,
    );
  });

  it('does not blame the network when the address answers', async () => {
    expect(await hintOf(sshPort)).toBe(
      `the site's network is reachable (127.0.0.1:${sshPort} answers): u@site itself did not take the connection (down, or in maintenance?) (Check the host name.)`,
    );
  });

  it('leaves a command time-out on a reachable site as it was', async () => {
    const slow: Transport = {
      ...failing,
      exec: () =>
        Promise.reject(
          new SlurmdeckError('TIMEOUT', 'sacct took longer than 30 s', { hint: 'Retry.' }),
        ),
    };
    const transport = withUnreachableHint(slow, { hint: 'VPN!', host: '127.0.0.1', port: sshPort });
    const error = (await transport.exec(['sacct']).catch((e: unknown) => e)) as SlurmdeckError;
    expect(error.hint).toBe('Retry.');
  });
});
