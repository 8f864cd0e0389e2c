import type { ControllerView } from '../status/gather-status.js';
import type { NodeStatus } from '../status/node-status.js';
import type { Finding } from './findings.js';
import { keyFileProblems } from './key-security.js';

// munge's error codes (munge_err_t), as unmunge exits with them.
const EMUNGE_SOCKET = 6;
const EMUNGE_CRED_INVALID = 14;
const EMUNGE_CRED_EXPIRED = 15;
const EMUNGE_CRED_REWOUND = 16;

/** munge's default credential lifetime is 300 s: one this old may expire on its way. */
const CREDENTIAL_OLD_S = 240;

/** More than this between a node's clock and the controller's is worth fixing before munge fails. */
export const CLOCK_WARN_S = 60;

const FIX_START_MUNGED =
  'Start munged on the node (`systemctl start munge`), then check `munge -n | unmunge` there.';

/**
 * Turns one node's facts into findings, most basic first: a node whose munged is down is not
 * also told its credentials fail. Pure: the same facts always give the same diagnosis.
 */
export function diagnose(status: NodeStatus, controller: ControllerView | undefined): Finding[] {
  const findings: Finding[] = [];
  const add = (finding: Finding) => findings.push(finding);
  const { facts } = status;

  if (!status.slurm) {
    add({
      code: 'node_not_in_slurm_conf',
      severity: 'error',
      problem: `${status.node} is not a node of this cluster: slurm.conf does not name it`,
      evidence: ['sinfo on the cluster does not list it'],
      fix: `Add a NodeName=${status.node} line (and a partition) to slurm.conf on the controller, sync it to the nodes and run \`scontrol reconfigure\`.`,
    });
  }

  if (status.auth === 'slurm') diagnoseSlurmKey(status, add);
  else diagnoseMunge(status, add);

  const skewDecoded = findings.some((f) => f.code === 'clock_skew');
  if (!skewDecoded && status.clock && Math.abs(status.clock.offsetS) > CLOCK_WARN_S) {
    add({
      code: 'clock_skew',
      severity: 'warning',
      problem: `the node's clock is ${describeOffset(status.clock.offsetS)} the controller's`,
      evidence: [
        `clock offset ${status.clock.offsetS.toFixed(1)} s (±${status.clock.uncertaintyS.toFixed(1)})`,
      ],
      fix: 'Synchronise clocks (chrony or ntpd on every node): munge credentials live 5 minutes.',
    });
  }

  if (!status.slurmd.running) {
    add({
      code: 'slurmd_not_running',
      severity: 'error',
      problem: 'slurmd is not running: the node takes no jobs and will be marked DOWN',
      evidence: ['no slurmd process', ...facts.slurmdLog.slice(-2)],
      fix: `Start slurmd (\`systemctl start slurmd\`)${status.auth === 'slurm' || status.munged.running ? '' : ' after munged'}; if it exits at once, see its log.`,
    });
  }
  if (status.controllerPort && !status.controllerPort.open) {
    const where = controller
      ? `${controller.slurmctldAddress}:${controller.slurmctldPort}`
      : 'slurmctld';
    add({
      code: 'slurmctld_unreachable',
      severity: 'error',
      problem: `the node cannot open a connection to slurmctld at ${where}`,
      evidence: [
        `TCP connect: ${status.controllerPort.error ?? 'failed'}`,
        ...facts.slurmdLog.slice(-2),
      ],
      fix: `Let the node reach ${where}: a firewall, a route or SlurmctldHost/SlurmctldPort in slurm.conf.`,
    });
  }
  if (status.confMatches === false) {
    const theirs = new Map((controller?.includes ?? []).map((f) => [f.path, f.sha256]));
    const differing = facts.includes.filter((f) => theirs.get(f.path) !== f.sha256);
    const evidence = [
      `checksum ${facts.conf.sha256?.slice(0, 12)}… vs the controller's ${controller?.confSha256?.slice(0, 12)}…`,
      ...differing.map(
        (f) => `${f.path}, which slurm.conf includes, ${f.sha256 ? 'differs' : 'is missing'}`,
      ),
    ];
    add(
      facts.conf.fetched
        ? {
            code: 'config_drift',
            severity: 'error',
            problem: `the slurm.conf slurmd fetched (${facts.conf.path}, configless) is not the controller's current one`,
            evidence,
            fix: '`scontrol reconfigure` (or `slurmdeck admin sync-conf NODES`) makes configless nodes fetch it again.',
          }
        : {
            code: 'config_drift',
            severity: 'error',
            problem: `${facts.conf.path} differs from the controller's ("appears to have a different slurm.conf")`,
            evidence,
            fix: "Copy the controller's slurm.conf to the node, then `scontrol reconfigure` (or restart slurmd).",
          },
    );
  }
  diagnoseSlurmReason(status, findings, add);
  return findings;
}

/** auth/munge: munged, its key file and whether the controller's credential decodes. */
function diagnoseMunge(status: NodeStatus, add: (f: Finding) => void): void {
  const { facts } = status;
  const keyProblems = keyFileProblems(facts.key);
  const decode = status.crossDecode;
  const local = status.localMunge;
  if (!status.munged.running) {
    if (keyProblems.length > 0) {
      add({
        code: 'munge_key_insecure',
        severity: 'error',
        problem: 'munged is not running: it refuses the key file ("Keyfile is insecure")',
        evidence: [...keyProblems, ...facts.mungedLog],
        fix: `Make ${facts.key.path} a regular file owned by munge:munge with mode 0400 in a folder of mode 0700, then start munged.`,
      });
    } else {
      add({
        code: 'munged_not_running',
        severity: 'error',
        problem: 'munged is not running: Slurm cannot authenticate anything to or from this node',
        evidence: [
          local && !local.ok
            ? `munge -n: ${local.message || `error ${local.code}`}`
            : 'no munged process',
          ...facts.mungedLog,
        ],
        fix: FIX_START_MUNGED,
      });
    }
  } else {
    if (keyProblems.length > 0) {
      add({
        code: 'munge_key_insecure',
        severity: 'warning',
        problem:
          'munged runs, but will refuse this key file when it restarts ("Keyfile is insecure")',
        evidence: keyProblems,
        fix: `chown munge:munge ${facts.key.path}; chmod 0400 ${facts.key.path} (a symlink: replace it with the file itself).`,
      });
    }
    if (decode && !decode.ok) diagnoseDecode(status, add);
    else if (decode?.ok && status.keyMatches === false) {
      add({
        code: 'munge_key_changed_on_disk',
        severity: 'warning',
        problem:
          "the key file differs from the controller's, but munged still runs with a matching key: it will fail at its next restart",
        evidence: [
          "munge key checksum differs from the controller's",
          "the controller's credential decodes",
        ],
        fix: "Copy the controller's key to the node again (owner munge, mode 0400) before munged restarts.",
      });
    }
  }
}

/**
 * auth/slurm (Slurm >= 23.11): no munged; slurmd and slurmctld sign with slurm.key, which must
 * be the controller's, owned by SlurmUser and readable by nobody else.
 */
function diagnoseSlurmKey(status: NodeStatus, add: (f: Finding) => void): void {
  const key = status.facts.slurmKey;
  if (!key || key.sha256 === undefined) {
    add({
      code: 'slurm_key_mismatch',
      severity: 'error',
      problem: `the node has no readable slurm.key: under auth/slurm slurmd cannot authenticate`,
      evidence: [key?.error ?? `no ${key?.path ?? 'slurm.key beside slurm.conf'}`],
      fix: "Copy the controller's slurm.key to the node (`slurmdeck admin sync-munge NODE` does it under auth/slurm), then restart slurmd.",
    });
    return;
  }
  if (status.keyMatches === false) {
    add({
      code: 'slurm_key_mismatch',
      severity: 'error',
      problem: "the node's slurm.key is not the controller's: its messages are refused",
      evidence: ["slurm.key checksum differs from the controller's"],
      fix: "Copy the controller's slurm.key to the node (`slurmdeck admin sync-munge NODE`), then restart slurmd.",
    });
  }
  const mode = parseInt(key.mode ?? '0', 8);
  if ((mode & 0o077) !== 0 || key.type !== 'regular file') {
    add({
      code: 'slurm_key_insecure',
      severity: 'warning',
      problem: `${key.path} is ${key.type === 'regular file' ? `readable by others (mode ${key.mode})` : `a ${key.type}`}: anyone who reads it can sign as Slurm`,
      evidence: [`${key.owner}:${key.group} ${key.mode} ${key.type}`],
      fix: `chown SlurmUser ${key.path}; chmod 0600 ${key.path}.`,
    });
  }
}

function diagnoseDecode(status: NodeStatus, add: (f: Finding) => void): void {
  const decode = status.crossDecode;
  if (!decode || decode.ok) return;
  const { facts } = status;
  const said = `unmunge of the controller's credential: ${decode.message || `error ${decode.code}`}`;
  const age = status.credentialAgeS;
  if (decode.code === EMUNGE_CRED_EXPIRED && age !== undefined && age > CREDENTIAL_OLD_S) {
    add({
      code: 'munge_credential_rejected',
      severity: 'warning',
      problem: `the controller's credential was ${Math.round(age)} s old when the node got it ("Expired credential"): this says nothing about the clocks`,
      evidence: [said, `credential made ${Math.round(age)} s before it was sent to the node`],
      fix: 'Run doctor again on fewer nodes at once (or without the ones that do not answer), so each node gets a fresh credential.',
    });
    return;
  }
  if (decode.code === EMUNGE_CRED_EXPIRED || decode.code === EMUNGE_CRED_REWOUND) {
    const offset = status.clock ? `clock offset ${status.clock.offsetS.toFixed(1)} s` : undefined;
    const env = status.munged.environment.length
      ? `munged runs with ${status.munged.environment.join(' ')}`
      : undefined;
    add({
      code: 'clock_skew',
      severity: 'error',
      problem:
        decode.code === EMUNGE_CRED_EXPIRED
          ? 'munged on the node thinks the controller\'s credential is too old ("Expired credential"): its clock runs ahead'
          : 'munged on the node thinks the controller\'s credential comes from the future ("Rewound credential"): its clock runs behind',
      evidence: [said, ...(offset ? [offset] : []), ...(env ? [env] : [])],
      fix: env
        ? 'Restart munged without the fake clock (LD_PRELOAD/FAKETIME), and keep clocks in sync (chrony).'
        : 'Synchronise the clocks of the node and the controller (chrony or ntpd), then retry.',
    });
    return;
  }
  if (decode.code === EMUNGE_SOCKET) {
    add({
      code: 'munged_not_running',
      severity: 'error',
      problem: 'munged does not answer on its socket ("Socket communication error")',
      evidence: [said],
      fix: FIX_START_MUNGED,
    });
    return;
  }
  if (decode.code === EMUNGE_CRED_INVALID) {
    const started =
      facts.timeS !== undefined && status.munged.uptimeS !== undefined
        ? facts.timeS - status.munged.uptimeS
        : undefined;
    const changedSince =
      facts.key.modifiedAtS !== undefined &&
      started !== undefined &&
      facts.key.modifiedAtS > started;
    if (status.keyMatches === false) {
      add({
        code: 'munge_key_mismatch',
        severity: 'error',
        problem: 'the node\'s munge key is not the controller\'s ("Invalid credential")',
        evidence: [said, "munge key checksum differs from the controller's"],
        fix: "Copy the controller's munge key to the node (owner munge, mode 0400), then restart munged there.",
      });
    } else if (status.keyMatches === true && changedSince) {
      add({
        code: 'munge_key_not_loaded',
        severity: 'error',
        problem:
          'the key file is right, but munged was not restarted since it changed: it still uses the old key',
        evidence: [
          said,
          "munge key checksum equals the controller's",
          'the key file changed after munged started',
        ],
        fix: 'Restart munged on the node (`systemctl restart munge`).',
      });
    } else {
      add({
        code: 'munge_credential_rejected',
        severity: 'error',
        problem:
          "the node rejects the controller's credentials though the key files match: a munged runs with an older key",
        evidence: [said, "munge key checksum equals the controller's"],
        fix: 'Restart munged on the controller, then on the node.',
      });
    }
    return;
  }
  add({
    code: 'munge_credential_rejected',
    severity: 'error',
    problem: "the node cannot decode the controller's credential",
    evidence: [said],
    fix: "See munged's log on the node.",
  });
}

function diagnoseSlurmReason(
  status: NodeStatus,
  findings: Finding[],
  add: (f: Finding) => void,
): void {
  const slurm = status.slurm;
  if (!slurm) return;
  const reason = slurm.reason ?? '';
  if (
    /Low (RealMemory|CPUs|TmpDisk|socket\*core\*thread)/i.test(reason) ||
    slurm.stateRaw.startsWith('inval')
  ) {
    add({
      code: 'registered_fewer_resources',
      severity: 'error',
      problem: `the node registered with fewer resources than slurm.conf says (${reason || slurm.stateRaw})`,
      evidence: [`Slurm: ${slurm.stateRaw}, reason "${reason}"`],
      fix: 'Compare `slurmd -C` on the node with its NodeName line; lower the configured values (or fix the hardware), `scontrol reconfigure`, then resume it.',
    });
  }
  if (/unexpectedly rebooted/i.test(reason)) {
    add({
      code: 'unexpected_reboot',
      severity: 'warning',
      problem: 'Slurm set the node DOWN because it rebooted unexpectedly',
      evidence: [`Slurm: ${slurm.stateRaw}, reason "${reason}"`],
      fix: 'Once munged and slurmd run, `scontrol update nodename=NODE state=resume` (or ReturnToService=2).',
    });
  }
  if (!slurm.responding && findings.every((f) => f.severity !== 'error')) {
    add({
      code: 'not_responding',
      severity: 'warning',
      problem: `Slurm marks the node not responding (${slurm.stateRaw}) though its daemons look healthy now`,
      evidence: [`Slurm: ${slurm.stateRaw}${reason ? `, reason "${reason}"` : ''}`],
      fix: 'Wait one SlurmdTimeout for it to register again; else restart slurmd and read its log.',
    });
  }
}

function describeOffset(offsetS: number): string {
  return `${Math.abs(offsetS).toFixed(0)} s ${offsetS > 0 ? 'ahead of' : 'behind'}`;
}
