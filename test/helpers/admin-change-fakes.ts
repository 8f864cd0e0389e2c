import { createHash } from 'node:crypto';
import {
  checkTargetSpec,
  resolveTargets,
  type AdminAccess,
  type AdminSession,
} from '../../src/admin/index.js';
import { INSPECT_SCRIPT, WRITE_SCRIPT } from '../../src/admin/change/file-scripts.js';
import { nodeInventory } from '../../src/admin/targets/node-inventory.js';
import { MUNGE_CLIENT_SCRIPT } from '../../src/admin/status/daemon-functions.js';
import type { ExecOptions, Transport } from '../../src/transport/index.js';

/** A compute host as this fake holds it: its key file and its munged. */
export interface FakeKeyNode {
  name: string;
  key: Buffer;
  mode?: string;
  mungedRunning?: boolean;
  /** The key munged read when it started (default: the one on disk). */
  loaded?: Buffer;
  /** sduser's ~/.ssh/authorized_keys (missing when undefined). */
  authorizedKeys?: string;
}

const AUTHORIZED_KEYS = '/home/sduser/.ssh/authorized_keys';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const KEY_PATH = '/etc/munge/munge.key';

/**
 * An admin session whose controller holds `controllerKey` and whose nodes answer the change
 * scripts (inspect, atomic write, unmunge, systemctl, pgrep) from the state above, so a whole
 * sync-munge or restart runs through the real operations without a host.
 */
export function fakeKeyAdmin(controllerKey: Buffer, nodes: FakeKeyNode[]) {
  const commands: Array<{ host: string; argv: string[]; stdin?: string }> = [];
  const reply = (argv: readonly string[], stdout: string, exitCode = 0, stderr = '') => ({
    argv: [...argv],
    exitCode,
    stdout,
    stderr,
    durationMs: 1,
  });
  const facts = (marker: string, pairs: Array<[string, string]>) =>
    pairs.map(([k, v]) => `${marker} ${k} ${v}\n`).join('');
  const keyFacts = (marker: string, key: Buffer, mode: string, index = 0) =>
    facts(marker, [
      [`${index}.stat`, `munge munge ${mode} regular file`],
      [`${index}.sha256`, sha256(key)],
      [`${index}.dir`, 'munge munge 700 directory'],
    ]);
  const decodes = (n: FakeKeyNode) =>
    n.mungedRunning !== false && sha256(n.loaded ?? n.key) === sha256(controllerKey);

  const controller: Transport = {
    kind: 'ssh',
    target: 'root@ctl:22',
    async exec(argv) {
      commands.push({ host: 'ctl', argv: [...argv] });
      const marker = argv[4] ?? '';
      if (argv[0] === 'sh' && argv[2] === INSPECT_SCRIPT) {
        return reply(argv, keyFacts(marker, controllerKey, '400') + facts(marker, [['done', '1']]));
      }
      if (argv[0] === 'sh' && argv[2]?.includes('fact conf')) {
        const lines: Array<[string, string]> = [
          ['conf', '/etc/slurm/slurm.conf'],
          ['key', KEY_PATH],
          ['line', 'AuthType=auth/munge'],
          ['done', '1'],
        ];
        return reply(argv, facts(marker, lines));
      }
      if (argv[0] === 'base64') return reply(argv, controllerKey.toString('base64'));
      if (argv[2] === MUNGE_CLIENT_SCRIPT && argv[4] === 'munge') {
        return reply(argv, 'MUNGE:AwQDAAAfakecredential:\n');
      }
      if (argv[0] === 'sinfo') {
        const out = nodes.map((n, i) =>
          [n.name, `10.0.0.${i + 1}`, 'idle', 'IDLE', '22.05.8', 'none'].join('\x1f'),
        );
        return reply(argv, out.join('\n'));
      }
      if (argv[0] === 'scontrol' && argv[1] === 'show') {
        const line = `NodeName=${argv[4]} State=IDLE SlurmdStartTime=2026-12-01T10:00:00`;
        return reply(argv, line);
      }
      return reply(argv, '', 1, `${argv[0]}: not recorded`);
    },
    close: async () => undefined,
  };

  const node = (address: string): Transport => {
    const n = nodes[Number(address.split('.').at(-1)) - 1] as FakeKeyNode;
    return {
      kind: 'ssh',
      target: `root@${address}:22`,
      async exec(argv, opts?: ExecOptions) {
        commands.push({
          host: n.name,
          argv: [...argv],
          ...(opts?.stdin !== undefined ? { stdin: String(opts.stdin) } : {}),
        });
        const marker = argv[4] ?? '';
        if (argv[0] === 'sh' && argv[2] === INSPECT_SCRIPT) {
          return reply(argv, keyFacts(marker, n.key, n.mode ?? '400') + `${marker} done 1\n`);
        }
        if (argv[0] === 'sh' && argv[2]?.includes('getent passwd')) {
          const file = argv[6] || AUTHORIZED_KEYS;
          const body =
            n.authorizedKeys === undefined ? 'missing\n' : `sduser sduser 600\n${n.authorizedKeys}`;
          return reply(argv, `${file}\nsduser\n${body}`);
        }
        if (argv[0] === 'sh' && argv[2] === WRITE_SCRIPT && argv[5] === AUTHORIZED_KEYS) {
          n.authorizedKeys = Buffer.from(String(opts?.stdin ?? ''), 'base64').toString();
          const stat = facts(marker, [
            ['0.stat', `sduser sduser 600 regular file`],
            ['0.sha256', sha256(Buffer.from(n.authorizedKeys))],
            ['0.dir', 'sduser sduser 700 directory'],
          ]);
          return reply(argv, `${stat}${marker} done 1\n`);
        }
        if (argv[0] === 'sh' && argv[2] === WRITE_SCRIPT) {
          n.key = Buffer.from(String(opts?.stdin ?? ''), 'base64');
          n.mode = argv[7] ?? '400';
          return reply(argv, keyFacts(marker, n.key, n.mode) + `${marker} done 1\n`);
        }
        if (argv[0] === 'sh' && argv[2]?.includes('pgrep -x')) {
          const running = argv[4] === 'munged' ? n.mungedRunning !== false : true;
          return reply(argv, running ? '4242\n' : '');
        }
        if (argv[2] === MUNGE_CLIENT_SCRIPT && argv[4] === 'unmunge') {
          return decodes(n)
            ? reply(argv, '')
            : reply(argv, '', 1, 'unmunge: Error: Invalid credential');
        }
        if (argv[0] === 'systemctl' && argv[2] === 'munge') {
          n.mungedRunning = true;
          n.loaded = n.key;
          return reply(argv, '');
        }
        return reply(argv, '', 1, `${argv[0]}: not recorded`);
      },
      close: async () => undefined,
    };
  };

  const access: AdminAccess = {
    cluster: 'dev',
    concurrency: undefined,
    serviceCommand: undefined,
    controller: () => controller,
    nodeTarget: (address) => ({ host: address, user: 'root' }),
    node,
    close: async () => undefined,
  };
  const session: AdminSession = {
    access,
    async selectTargets(spec) {
      checkTargetSpec(spec);
      return resolveTargets(spec, await nodeInventory({ transport: controller, timeoutMs: 1000 }));
    },
    plan: () => [],
    close: async () => undefined,
  };
  return {
    nodes,
    commands,
    /** Commands that changed something on a node: writes and service calls. */
    changes: () => commands.filter((c) => c.argv[2] === WRITE_SCRIPT || c.argv[0] === 'systemctl'),
    open: () => session,
  };
}
