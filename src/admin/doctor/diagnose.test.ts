import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseControllerFacts } from '../status/controller-facts.js';
import { parseFacts } from '../status/facts-frame.js';
import { parseNodeFacts, type NodeFacts } from '../status/node-facts.js';
import { nodeStatus, statusSummary } from '../status/node-status.js';
import type { InventoryNode } from '../targets/node-inventory.js';
import { diagnose } from './diagnose.js';
import { diagnoseController } from './diagnose-controller.js';
import { keyFileProblems } from './key-security.js';

const MARKER = '@sdf-000000000000';
const fixture = (name: string) =>
  readFileSync(new URL(`../status/fixtures/${name}`, import.meta.url), 'utf8');
const healthyFacts = parseNodeFacts(parseFacts(fixture('node-healthy.txt'), MARKER));
const { credentials: _c, ...ctlFacts } = parseControllerFacts(
  parseFacts(fixture('controller-healthy.txt'), MARKER),
);
const controller = { ...ctlFacts, clock: { offsetS: 0, uncertaintyS: 0.1 } };
const OTHER_SHA = 'f'.repeat(64);

const idle: InventoryNode = {
  name: 'n1',
  address: '10.77.0.11',
  state: 'idle',
  stateRaw: 'idle',
  flags: [],
  responding: true,
  reason: undefined,
  version: '22.05.8',
};

/** The captured healthy node with some facts changed, diagnosed against the captured controller. */
function codes(
  change: (f: NodeFacts) => NodeFacts,
  options: { slurm?: Partial<InventoryNode> | null; clockS?: number } = {},
) {
  const facts = change(structuredClone(healthyFacts));
  const slurm = options.slurm === null ? undefined : { ...idle, ...options.slurm };
  const status = nodeStatus({ name: 'n1', address: '10.77.0.11', slurm }, facts, controller, {
    offsetS: options.clockS ?? 0.1,
    uncertaintyS: 0.2,
  });
  return diagnose(status, controller);
}

const failed = (code: number, message: string) => ({ ok: false, code, message });
const noDaemon = { running: false, pid: undefined, uptimeS: undefined, environment: [] };

describe('diagnose', () => {
  it('finds nothing wrong on the healthy node', () => {
    expect(codes((f) => f)).toEqual([]);
  });

  it('tells a key mismatch ("Invalid credential", checksums differ)', () => {
    const found = codes((f) => ({
      ...f,
      key: { ...f.key, sha256: OTHER_SHA },
      crossDecode: failed(14, 'unmunge: Error: Invalid credential'),
    }));
    expect(found.map((f) => f.code)).toEqual(['munge_key_mismatch']);
    expect(found[0]?.fix).toMatch(/Copy the controller's munge key/);
  });

  it('tells a right key on disk that munged has not loaded (changed after munged started)', () => {
    const found = codes((f) => ({
      ...f,
      key: { ...f.key, modifiedAtS: (f.timeS ?? 0) - 5 },
      munged: { ...f.munged, uptimeS: 60 },
      crossDecode: failed(14, 'unmunge: Error: Invalid credential'),
    }));
    expect(found.map((f) => f.code)).toEqual(['munge_key_not_loaded']);
    expect(found[0]?.fix).toMatch(/Restart munged/);
  });

  it('tells a changed key on disk while munged still runs the right one', () => {
    const found = codes((f) => ({ ...f, key: { ...f.key, sha256: OTHER_SHA } }));
    expect(found.map((f) => [f.code, f.severity])).toEqual([
      ['munge_key_changed_on_disk', 'warning'],
    ]);
  });

  it('does not take a credential that expired on its way (made minutes before) for clock skew', () => {
    const facts = {
      ...structuredClone(healthyFacts),
      crossDecode: failed(15, 'unmunge: Error: Expired credential'),
    };
    const status = nodeStatus(
      { name: 'n1', address: '10.77.0.11', slurm: idle },
      facts,
      controller,
      {
        offsetS: 0.1,
        uncertaintyS: 0.2,
      },
    );
    const old = diagnose({ ...status, credentialAgeS: 290 }, controller);
    expect(old.map((f) => [f.code, f.severity])).toEqual([
      ['munge_credential_rejected', 'warning'],
    ]);
    expect(old[0]?.problem).toMatch(/290 s old/);
    const fresh = diagnose({ ...status, credentialAgeS: 1 }, controller);
    expect(fresh.map((f) => f.code)).toEqual(['clock_skew']);
  });

  it.each([
    [15, 'Expired credential', /runs ahead/],
    [16, 'Rewound credential', /runs behind/],
  ])(
    'tells clock skew from exit %i (%s) and names a fake clock in munged',
    (code, message, why) => {
      const found = codes((f) => ({
        ...f,
        munged: { ...f.munged, environment: ['FAKETIME=+10m', 'LD_PRELOAD=/usr/lib/faketime.so'] },
        crossDecode: failed(code, `unmunge: Error: ${message}`),
      }));
      expect(found.map((f) => f.code)).toEqual(['clock_skew']);
      expect(found[0]?.problem).toMatch(why);
      expect(found[0]?.evidence.join(' ')).toMatch(/FAKETIME=\+10m/);
      expect(found[0]?.fix).toMatch(/without the fake clock/);
    },
  );

  it('warns of a skewed clock before munge fails', () => {
    expect(codes((f) => f, { clockS: -200 }).map((f) => [f.code, f.severity])).toEqual([
      ['clock_skew', 'warning'],
    ]);
  });

  it('tells munged not running ("Socket communication error"), without blaming credentials', () => {
    const found = codes((f) => ({
      ...f,
      munged: { ...noDaemon, version: f.munged.version },
      localMunge: failed(6, 'munge: Error: Socket communication error'),
      crossDecode: failed(6, 'unmunge: Error: Socket communication error'),
    }));
    expect(found.map((f) => f.code)).toEqual(['munged_not_running']);
    expect(found[0]?.evidence[0]).toMatch(/Socket communication error/);
  });

  it.each([
    ['mode 0644', { mode: '644' }, /mode 644/],
    ['owned by root', { owner: 'root' }, /owned by root, not munge/],
    ['a symlink', { type: 'symbolic link' }, /symbolic link/],
  ])('tells a key file munged refuses (%s) from munged merely stopped', (_name, key, why) => {
    const found = codes((f) => ({
      ...f,
      key: { ...f.key, ...key },
      munged: { ...noDaemon, version: f.munged.version },
      localMunge: failed(6, 'munge: Error: Socket communication error'),
    }));
    expect(found.map((f) => [f.code, f.severity])).toEqual([['munge_key_insecure', 'error']]);
    expect(found[0]?.evidence.join(' ')).toMatch(why);
  });

  it('warns that a running munged will refuse its key file at the next start', () => {
    const found = codes((f) => ({ ...f, key: { ...f.key, mode: '644' } }));
    expect(found.map((f) => [f.code, f.severity])).toEqual([['munge_key_insecure', 'warning']]);
  });

  it('tells slurmd not running from slurmd unable to reach slurmctld', () => {
    expect(
      codes((f) => ({ ...f, slurmd: { ...noDaemon, version: undefined } })).map((f) => f.code),
    ).toEqual(['slurmd_not_running']);
    const unreachable = codes((f) => ({
      ...f,
      controllerPort: { open: false, error: 'bash: connect: No route to host' },
    }));
    expect(unreachable.map((f) => f.code)).toEqual(['slurmctld_unreachable']);
    expect(unreachable[0]?.problem).toMatch(/10\.77\.0\.2:6817/);
  });

  it('tells config drift, and for a configless node that it fetched an older one', () => {
    const [local] = codes((f) => ({ ...f, conf: { ...f.conf, sha256: OTHER_SHA } }));
    expect(local).toMatchObject({ code: 'config_drift', fix: expect.stringMatching(/^Copy/) });
    const [fetched] = codes((f) => ({
      ...f,
      conf: { path: '/var/spool/slurmd/conf-cache/slurm.conf', sha256: OTHER_SHA, fetched: true },
    }));
    expect(fetched).toMatchObject({
      code: 'config_drift',
      problem: expect.stringMatching(/fetched .*configless/),
      fix: expect.stringMatching(/^`scontrol reconfigure`/),
    });
  });

  it('tells a node missing from slurm.conf, fewer resources than configured, and an unexpected reboot', () => {
    expect(codes((f) => f, { slurm: null }).map((f) => f.code)).toEqual(['node_not_in_slurm_conf']);
    expect(
      codes((f) => f, {
        slurm: {
          state: 'inval',
          stateRaw: 'inval',
          reason: 'Low RealMemory (reported:2000 < 100.00% of configured:4000)',
        },
      }).map((f) => f.code),
    ).toEqual(['registered_fewer_resources']);
    expect(
      codes((f) => f, {
        slurm: { state: 'down', stateRaw: 'down', reason: 'Node unexpectedly rebooted' },
      }).map((f) => f.code),
    ).toEqual(['unexpected_reboot']);
  });

  it('says a non-responding node with healthy daemons will likely come back', () => {
    expect(
      codes((f) => f, { slurm: { stateRaw: 'idle*', responding: false } }).map((f) => f.code),
    ).toEqual(['not_responding']);
  });
});

describe('keyFileProblems', () => {
  it('accepts the dev cluster key file and refuses a folder others can write to', () => {
    expect(keyFileProblems(healthyFacts.key)).toEqual([]);
    const dir = { owner: 'munge', group: 'munge', mode: '777', type: 'directory' };
    expect(keyFileProblems({ ...healthyFacts.key, directory: dir })).toEqual([
      'its folder has mode 777: group or others may write to it',
    ]);
    expect(keyFileProblems({ ...healthyFacts.key, directory: { ...dir, mode: '1777' } })).toEqual(
      [],
    );
  });
});

describe('diagnoseController', () => {
  it('finds nothing wrong on the captured controller', () => {
    expect(diagnoseController(controller, undefined)).toEqual([]);
  });

  it('tells an unreachable controller, its munged down, and slurmctld down', () => {
    expect(diagnoseController(undefined, { message: 'ssh to root@ctl failed' })).toMatchObject([
      { code: 'controller_unreachable', evidence: ['ssh to root@ctl failed'] },
    ]);
    const down = diagnoseController(
      {
        ...controller,
        mungedRunning: false,
        credentialError: {
          ok: false,
          code: 6,
          message: 'munge: Error: Socket communication error',
        },
        slurmctld: { ...controller.slurmctld, running: false, pid: undefined },
      },
      undefined,
    );
    expect(down.map((f) => f.code)).toEqual(['controller_munge', 'slurmctld_not_running']);
    expect(down[0]?.evidence[0]).toMatch(/Socket communication error/);
  });
});

describe('diagnose under auth/slurm (slurm.key, no munged)', () => {
  const slurmCtl = {
    ...controller,
    authType: 'auth/slurm',
    mungedRunning: false,
    slurmKeySha256: 'a'.repeat(64),
  };
  const slurmKey = {
    ...healthyFacts.key,
    path: '/etc/slurm/slurm.key',
    sha256: 'a'.repeat(64),
    owner: 'slurm',
    group: 'slurm',
    mode: '600',
    directory: undefined,
  };
  const withSlurmKey = (f: NodeFacts, key: Partial<typeof slurmKey> | undefined) => ({
    ...f,
    munged: { ...noDaemon, version: undefined },
    crossDecode: undefined,
    localMunge: failed(6, 'munge: Error: Failed to access socket'),
    slurmKey: key && { ...slurmKey, ...key },
  });
  const diagnosed = (key: Partial<typeof slurmKey> | undefined) => {
    const facts = withSlurmKey(structuredClone(healthyFacts), key);
    const status = nodeStatus({ name: 'n1', address: '10.77.0.11', slurm: idle }, facts, slurmCtl, {
      offsetS: 0.1,
      uncertaintyS: 0.2,
    });
    return { status, findings: diagnose(status, slurmCtl) };
  };

  it('asks nothing of munged: a node with the right slurm.key and no munged is healthy', () => {
    const { status, findings } = diagnosed({});
    expect(findings).toEqual([]);
    expect(status.keyMatches).toBe(true);
    expect(statusSummary(status)).toBe('healthy');
    expect(diagnoseController(slurmCtl, undefined)).toEqual([]);
  });

  it("tells a slurm.key that is not the controller's, and one that is missing", () => {
    const other = diagnosed({ sha256: OTHER_SHA });
    expect(other.findings.map((f) => f.code)).toEqual(['slurm_key_mismatch']);
    expect(statusSummary(other.status)).toBe('slurm.key differs');
    const missing = diagnosed(undefined);
    expect(missing.findings.map((f) => f.code)).toEqual(['slurm_key_mismatch']);
    expect(missing.findings[0]?.problem).toMatch(/no readable slurm.key/);
  });

  it('warns of a slurm.key others may read', () => {
    expect(diagnosed({ mode: '644' }).findings.map((f) => f.code)).toEqual(['slurm_key_insecure']);
  });
});

describe('config drift in the files slurm.conf includes', () => {
  const sha = (c: string) => c.repeat(64);
  const withIncludes = (
    node: NodeFacts['includes'],
    ctl: Array<{ path: string; sha256: string | undefined }>,
    fetched = false,
  ) => {
    const facts = {
      ...structuredClone(healthyFacts),
      includes: node,
      conf: { ...healthyFacts.conf, fetched },
    };
    const ctlWith = { ...controller, includes: ctl };
    const status = nodeStatus({ name: 'n1', address: '10.77.0.11', slurm: idle }, facts, ctlWith, {
      offsetS: 0.1,
      uncertaintyS: 0.2,
    });
    return { status, findings: diagnose(status, ctlWith) };
  };
  const path = '/etc/slurm/nodes.conf';

  it('is drift when an included file differs or is missing, and says which', () => {
    const differs = withIncludes([{ path, sha256: sha('b') }], [{ path, sha256: sha('a') }]);
    expect(differs.status.confMatches).toBe(false);
    expect(differs.findings.map((f) => f.code)).toEqual(['config_drift']);
    expect(differs.findings[0]?.evidence.join(' ')).toMatch(
      /nodes\.conf, which slurm\.conf includes, differs/,
    );
    const missing = withIncludes([{ path, sha256: undefined }], [{ path, sha256: sha('a') }]);
    expect(missing.status.confMatches).toBe(false);
    expect(missing.findings[0]?.evidence.join(' ')).toMatch(/is missing/);
  });

  it('matches when every included file is the same; unknown when the controller could not read one', () => {
    expect(
      withIncludes([{ path, sha256: sha('a') }], [{ path, sha256: sha('a') }]).status.confMatches,
    ).toBe(true);
    expect(
      withIncludes([{ path, sha256: sha('a') }], [{ path, sha256: undefined }]).status.confMatches,
    ).toBeUndefined();
    // Configless: slurmd fetched them with slurm.conf; nothing at those paths is compared.
    expect(withIncludes([], [{ path, sha256: sha('a') }], true).status.confMatches).toBe(true);
  });
});
