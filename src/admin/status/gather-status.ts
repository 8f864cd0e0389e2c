import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import { fanOut } from '../fan-out.js';
import { failedRow, type NodeRow } from '../node-row.js';
import type { Target } from '../targets/resolve-targets.js';
import { clockOffset, relativeOffset } from './clock.js';
import { parseControllerFacts, spoolDirOf, type ControllerFacts } from './controller-facts.js';
import { CONTROLLER_SCRIPT } from './controller-script.js';
import { newFactMarker, parseFacts } from './facts-frame.js';
import { parseNodeFacts } from './node-facts.js';
import { NODE_SCRIPT } from './node-script.js';
import { requireRoot } from './require-root.js';
import { nodeStatus, statusSummary, type NodeStatus } from './node-status.js';

const SCRIPT_TIMEOUT_MS = 30_000;

/** The controller as `admin status` saw it; credentials are used, never returned. */
export type ControllerView = Omit<ControllerFacts, 'credentials'> & {
  clock: { offsetS: number; uncertaintyS: number } | undefined;
};

export interface StatusReport {
  /** Undefined when the controller could not be read: see `controllerError`. */
  controller: ControllerView | undefined;
  controllerError: NodeRow<never>['error'];
  rows: Array<NodeRow<NodeStatus>>;
}

export interface StatusOptions {
  concurrency?: number;
  signal?: AbortSignal;
}

const nowS = () => Date.now() / 1000;

/**
 * Facts of every target, one ssh round trip per node (and one to the controller, for its
 * checksums and one fresh credential per node, while the nodes are logged in to): munged and
 * slurmd, key and config checksums, clock offset, slurmctld's port, and the controller's
 * credential decoded on the node.
 */
export async function gatherStatus(
  access: AdminAccess,
  targets: readonly Target[],
  options: StatusOptions = {},
): Promise<StatusReport> {
  const fromController = readController(access, targets.length, options.signal);
  const results = await fanOut(
    targets,
    async (target, index) => {
      const node = access.node(target.address);
      // Logging in to the node while the controller answers: a first round is one login shorter.
      await node.connect?.({
        timeoutMs: SCRIPT_TIMEOUT_MS,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const { controller, credentials, madeAtS } = await fromController;
      const marker = newFactMarker();
      const sent = nowS();
      const result = await node.exec(
        [
          'sh',
          '-c',
          NODE_SCRIPT,
          'sh',
          marker,
          controller?.slurmctldAddress ?? '',
          String(controller?.slurmctldPort ?? 6817),
          spoolDirOf(controller?.slurmdSpoolDir ?? '/var/spool/slurmd', target.name),
          (controller?.includes ?? []).map((f) => f.path).join('\n'),
        ],
        {
          stdin: credentials[index] ?? '',
          timeoutMs: SCRIPT_TIMEOUT_MS,
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
      const raw = parseFacts(result.stdout, marker);
      requireRoot(raw, target.name);
      const facts = parseNodeFacts(raw);
      if (!facts.complete) {
        throw new SlurmdeckError(
          'SLURM_PARSE',
          `the status script on ${target.name} stopped early (exit ${result.exitCode}): ${result.stderr.trim().slice(0, 300)}`,
          {
            hint: 'Check that the admin user is root there and that /bin/sh, ps and sha256sum exist.',
          },
        );
      }
      const clock = relativeOffset(clockOffset(facts.timeS, sent, nowS()), controller?.clock);
      const status: NodeStatus = {
        ...nodeStatus(target, facts, controller, clock),
        ...(credentials[index] && madeAtS !== undefined
          ? { credentialAgeS: Math.max(0, sent - madeAtS) }
          : {}),
      };
      return { node: target.name, outcome: 'ok', summary: statusSummary(status), detail: status };
    },
    { concurrency: options.concurrency ?? access.concurrency, signal: options.signal },
  );
  const { controller, controllerError } = await fromController;
  return {
    controller,
    controllerError,
    rows: results.map((r, i) =>
      r.status === 'fulfilled'
        ? (r.value as NodeRow<NodeStatus>)
        : failedRow<NodeStatus>(targets[i]?.name ?? '?', r.reason),
    ),
  };
}

async function readController(
  access: AdminAccess,
  count: number,
  signal: AbortSignal | undefined,
): Promise<{
  controller: ControllerView | undefined;
  credentials: string[];
  /** When the credentials were made, at the latest (their age counts against munge's TTL). */
  madeAtS?: number;
  controllerError: StatusReport['controllerError'];
}> {
  const marker = newFactMarker();
  try {
    const sent = nowS();
    const result = await access
      .controller()
      .exec(['sh', '-c', CONTROLLER_SCRIPT, 'sh', marker, String(Math.max(1, count))], {
        timeoutMs: SCRIPT_TIMEOUT_MS,
        ...(signal ? { signal } : {}),
      });
    const raw = parseFacts(result.stdout, marker);
    requireRoot(raw, 'the controller');
    const { credentials, ...facts } = parseControllerFacts(raw);
    const clock = clockOffset(facts.timeS, sent, nowS());
    return {
      controller: { ...facts, clock },
      credentials,
      madeAtS: sent,
      controllerError: undefined,
    };
  } catch (error) {
    const row = failedRow<never>('controller', error);
    return { controller: undefined, credentials: [], controllerError: row.error };
  }
}
