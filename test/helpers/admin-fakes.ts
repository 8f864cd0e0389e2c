import { readFileSync } from 'node:fs';
import {
  checkTargetSpec,
  resolveTargets,
  type AdminAccess,
  type AdminSession,
} from '../../src/admin/index.js';
import { nodeInventory } from '../../src/admin/targets/node-inventory.js';
import type { Transport } from '../../src/transport/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../src/admin/status/fixtures/${name}`, import.meta.url), 'utf8');
const FIXTURE_MARKER = '@sdf-000000000000';

/** A node as this fake Slurm holds it: what `scontrol update` changes and sinfo prints. */
export interface FakeNode {
  name: string;
  long: string;
  complete: string;
  reason?: string;
  /** After a resume: sinfo reads that still show it not responding (slurmctld's ping pending). */
  unanswered?: number;
}

/**
 * An admin session over hosts that answer from captured output (the dev cluster's healthy
 * controller and node scripts), with a small Slurm in memory for sinfo and scontrol update.
 */
export function fakeAdmin(nodes: FakeNode[], { pingReads = 0 } = {}) {
  const commands: string[][] = [];
  const reply = (argv: readonly string[], stdout: string, exitCode = 0, stderr = '') => ({
    argv: [...argv],
    exitCode,
    stdout,
    stderr,
    durationMs: 1,
  });
  const sinfo = () => {
    const out = nodes
      .map((n, i) =>
        [n.name, `10.0.0.${i + 1}`, n.long, n.complete, '22.05.8', n.reason ?? 'none'].join('\x1f'),
      )
      .join('\n');
    for (const n of nodes.filter((n) => n.unanswered !== undefined)) {
      n.unanswered = (n.unanswered ?? 0) - 1;
      if (n.unanswered <= 0) {
        delete n.unanswered;
        n.long = 'idle';
        n.complete = 'IDLE';
      }
    }
    return out;
  };
  const update = (argv: readonly string[]) => {
    const names = (argv[2] ?? '').replace(/^NodeName=/, '').split(',');
    const state = argv[3];
    for (const node of nodes.filter((n) => names.includes(n.name))) {
      if (state === 'State=DRAIN') {
        node.reason = (argv[4] ?? '').replace(/^Reason=/, '');
        node.long = node.long.startsWith('idle') ? 'drained' : 'draining';
        node.complete = `${node.complete.split('+')[0]}+DRAIN`;
      } else if (pingReads > 0) {
        delete node.reason;
        node.long = 'idle*';
        node.complete = 'IDLE+NOT_RESPONDING';
        node.unanswered = pingReads;
      } else {
        delete node.reason;
        node.long = 'idle';
        node.complete = 'IDLE';
      }
    }
  };
  const controller: Transport = {
    kind: 'ssh',
    target: 'root@ctl:22',
    async exec(argv) {
      commands.push([...argv]);
      if (argv[0] === 'sh')
        return reply(
          argv,
          fixture('controller-healthy.txt').replaceAll(FIXTURE_MARKER, argv[4] ?? ''),
        );
      if (argv[0] === 'sinfo') return reply(argv, sinfo());
      if (argv[0] === 'scontrol' && argv[1] === 'update') {
        update(argv);
        return reply(argv, '');
      }
      return reply(argv, '', 1, `${argv[0]}: not recorded`);
    },
    close: async () => undefined,
  };
  const node = (address: string): Transport => ({
    kind: 'ssh',
    target: `root@${address}:22`,
    async exec(argv) {
      commands.push([...argv]);
      const name = nodes[Number(address.split('.').at(-1)) - 1]?.name ?? address;
      return reply(
        argv,
        fixture('node-healthy.txt')
          .replaceAll(FIXTURE_MARKER, argv[4] ?? '')
          .replace(/ host n1$/m, ` host ${name}`),
      );
    },
    close: async () => undefined,
  });
  const access: AdminAccess = {
    cluster: 'dev',
    concurrency: undefined,
    serviceCommand: undefined,
    controller: () => controller,
    nodeTarget: (address) => ({ host: address, user: 'root' }),
    node,
    close: async () => undefined,
  };
  let opened = 0;
  let closed = 0;
  const session: AdminSession = {
    access,
    async selectTargets(spec) {
      checkTargetSpec(spec);
      return resolveTargets(spec, await nodeInventory({ transport: controller, timeoutMs: 1000 }));
    },
    plan: () => [],
    close: async () => void closed++,
  };
  return {
    nodes,
    commands,
    ran: (command: string) => commands.filter((argv) => argv[0] === command),
    open: () => {
      opened++;
      return session;
    },
    counts: () => ({ opened, closed }),
  };
}
