import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SlurmdeckError } from '../../core/errors.js';
import type { ExecResult, Transport } from '../../transport/types.js';
import type { AdminAccess } from '../access/admin-access.js';
import { gatherStatus } from './gather-status.js';

const MARKER = '@sdf-000000000000';
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const answer = (argv: readonly string[], stdout: string): ExecResult => ({
  argv,
  exitCode: 0,
  stdout,
  stderr: '',
  durationMs: 1,
});

/** Hosts answering from captured output; every step noted in `log`, in the order it happened. */
function access(log: string[], unreachable = new Set<string>(), uid = 0) {
  const asUser = (argv: readonly string[]) => `${argv[4] ?? ''} uid ${uid}\n`;
  let answerController: () => void = () => undefined;
  const controllerAsked = new Promise<void>((resolve) => (answerController = resolve));
  const controller: Transport = {
    kind: 'ssh',
    target: 'root@ctl:22',
    async exec(argv) {
      log.push('controller asked');
      await controllerAsked;
      log.push('controller answered');
      const out = fixture('controller-healthy.txt').replaceAll(MARKER, argv[4] ?? '');
      return answer(argv, out + asUser(argv));
    },
    close: async () => undefined,
  };
  const node = (address: string): Transport => ({
    kind: 'ssh',
    target: `root@${address}:22`,
    async connect() {
      log.push(`login ${address}`);
      if (unreachable.has(address)) {
        throw new SlurmdeckError('SSH_CONNECT_FAILED', `cannot connect to ${address}`);
      }
    },
    async exec(argv) {
      log.push(`script ${address}`);
      const out = fixture('node-healthy.txt').replaceAll(MARKER, argv[4] ?? '');
      return answer(argv, out + asUser(argv));
    },
    close: async () => undefined,
  });
  const admin: AdminAccess = {
    cluster: 'dev',
    concurrency: undefined,
    serviceCommand: undefined,
    controller: () => controller,
    nodeTarget: (host) => ({ host, user: 'root' }),
    node,
    close: async () => undefined,
  };
  return { admin, answerController };
}

const targets = [
  { name: 'n1', address: '10.0.0.1', slurm: undefined },
  { name: 'n2', address: '10.0.0.2', slurm: undefined },
];

describe('gatherStatus', () => {
  it('logs in to the nodes while the controller answers, and runs their script after it', async () => {
    const log: string[] = [];
    const { admin, answerController } = access(log);
    const report = gatherStatus(admin, targets);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(['controller asked', 'login 10.0.0.1', 'login 10.0.0.2']);
    answerController();
    const { rows, controller } = await report;
    expect(log.slice(3)).toEqual(['controller answered', 'script 10.0.0.1', 'script 10.0.0.2']);
    expect(controller?.host).toBe('ctl');
    expect(rows.map((r) => [r.node, r.outcome])).toEqual([
      ['n1', 'ok'],
      ['n2', 'ok'],
    ]);
  });

  it('a node it cannot log in to is one failed row, its script never tried', async () => {
    const log: string[] = [];
    const { admin, answerController } = access(log, new Set(['10.0.0.2']));
    answerController();
    const { rows } = await gatherStatus(admin, targets);
    expect(rows.map((r) => [r.node, r.outcome])).toEqual([
      ['n1', 'ok'],
      ['n2', 'failed'],
    ]);
    expect(rows[1]?.error?.code).toBe('SSH_CONNECT_FAILED');
    expect(log).not.toContain('script 10.0.0.2');
  });

  it('refuses facts read by a user that is not root: they would say keys and daemons are missing', async () => {
    const { admin, answerController } = access([], new Set(), 1000);
    answerController();
    const { rows, controller, controllerError } = await gatherStatus(admin, targets);
    expect(controller).toBeUndefined();
    expect(controllerError?.code).toBe('NOT_PERMITTED');
    expect(rows.map((r) => r.error?.code)).toEqual(['NOT_PERMITTED', 'NOT_PERMITTED']);
    expect(rows[0]?.error?.message).toMatch(/on n1 is not root \(uid 1000\)/);
  });
});
