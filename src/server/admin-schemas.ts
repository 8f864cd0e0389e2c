import { z } from 'zod';

/**
 * The admin routes' requests and responses. Responses are parsed through these on the way out:
 * what a schema does not name (credentials, log lines, raw facts) never leaves the server;
 * secrets appear only as checksums.
 */

const nodesField = z
  .string()
  .min(1)
  .max(4000)
  .describe("nodes in Slurm's hostlist syntax (n[1-3,7]), or `all`");

export const adminTargetQuery = z
  .object({
    nodes: nodesField.optional(),
    state: z.string().max(200).optional().describe("only nodes in these states, e.g. 'idle*,down'"),
  })
  .strict();

export const drainBody = z
  .object({
    nodes: nodesField,
    reason: z.string().min(1).max(200).describe('why; stored as "slurmdeck: REASON"'),
    confirmToken: z.string().max(200).optional().describe('from the first call'),
  })
  .strict();

export const resumeBody = z
  .object({
    nodes: nodesField,
    force: z
      .boolean()
      .optional()
      .describe('also drains an admin set with their own reason, and pending reboots'),
    confirmToken: z.string().max(200).optional().describe('from the first call'),
  })
  .strict();

const changeFields = {
  nodes: nodesField,
  state: z.string().max(200).optional().describe("only nodes in these states, e.g. 'idle*,down'"),
  confirmToken: z.string().max(200).optional().describe('from the first call'),
};

/** sync-munge, sync-conf and init take only the nodes. */
export const adminChangeBody = z.object(changeFields).strict();

export const syncSshBody = z
  .object({
    ...changeFields,
    publicKey: z
      .string()
      .min(1)
      .max(16_000)
      .describe('one OpenSSH public key line (the .pub file); never a private key'),
    user: z
      .string()
      .regex(/^[a-z_][a-z0-9_.-]{0,31}$/i)
      .optional()
      .describe("whose authorized_keys (default: the admin's ssh user)"),
    file: z
      .string()
      .regex(/^\/[^\0\n]{1,1000}$/)
      .optional()
      .describe(
        "the authorized_keys file when sshd's AuthorizedKeysFile is not ~/.ssh/authorized_keys",
      ),
  })
  .strict();

export const restartBody = z
  .object({
    ...changeFields,
    daemon: z.enum(['munge', 'munged', 'slurmd']).describe('munge (munged) or slurmd'),
  })
  .strict();

export const recoverBody = z
  .object({
    ...changeFields,
    force: z
      .string()
      .min(1)
      .max(4000)
      .optional()
      .describe('nodes (hostlist) to resume even if an admin drained them or a reboot is pending'),
  })
  .strict();

const outcome = z.enum(['ok', 'changed', 'failed', 'planned']);
const rowError = z.object({ code: z.string(), message: z.string(), hint: z.string().optional() });
const daemon = z.object({
  running: z.boolean(),
  pid: z.number().optional(),
  uptimeS: z.number().optional(),
  version: z.string().optional(),
});
const munge = z.object({ ok: z.boolean(), code: z.number(), message: z.string() });
const clock = z.object({ offsetS: z.number(), uncertaintyS: z.number() });

export const controllerSchema = z.object({
  host: z.string().optional(),
  slurmctld: daemon,
  mungedRunning: z.boolean(),
  confSha256: z.string().optional(),
  keySha256: z.string().optional().describe("the munge key's SHA-256, never the key"),
  slurmctldAddress: z.string().optional(),
  slurmctldPort: z.number(),
  authType: z.string().optional(),
  configless: z.boolean(),
  clock: clock.optional(),
});

export const nodeStatusSchema = z.object({
  node: z.string(),
  address: z.string(),
  slurm: z
    .object({
      state: z.string(),
      stateRaw: z.string(),
      reason: z.string().optional(),
      responding: z.boolean(),
    })
    .optional(),
  munged: daemon,
  slurmd: daemon,
  confMatches: z.boolean().optional(),
  keyMatches: z.boolean().optional(),
  clock: clock.optional(),
  controllerPort: z.object({ open: z.boolean(), error: z.string().optional() }).optional(),
  crossDecode: munge.optional(),
  localMunge: munge.optional(),
  key: z
    .object({
      path: z.string(),
      sha256: z.string().optional(),
      owner: z.string().optional(),
      group: z.string().optional(),
      mode: z.string().optional(),
      type: z.string().optional(),
    })
    .optional(),
  conf: z.object({ path: z.string(), sha256: z.string().optional() }).optional(),
});

const row = <D extends z.ZodType>(detail: D) =>
  z.object({
    node: z.string(),
    outcome,
    summary: z.string(),
    error: rowError.optional(),
    detail: detail.optional(),
  });

export const findingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  problem: z.string(),
  evidence: z.array(z.string()),
  fix: z.string(),
});

export const adminStatusResponse = z.object({
  cluster: z.string(),
  controller: controllerSchema.optional(),
  controllerError: rowError.optional(),
  rows: z.array(row(nodeStatusSchema)),
});

export const adminDoctorResponse = z.object({
  cluster: z.string(),
  controller: controllerSchema.optional(),
  controllerError: rowError.optional(),
  controllerFindings: z.array(findingSchema),
  rows: z.array(row(z.object({ status: nodeStatusSchema, findings: z.array(findingSchema) }))),
});

const changeDetail = z.object({
  before: z.string().optional(),
  reasonBefore: z.string().optional(),
  requested: z.string(),
  after: z.string().optional(),
  reasonAfter: z.string().optional(),
});

export const stateChangeResponse = z.object({
  cluster: z.string(),
  status: z
    .enum(['confirmation_required', 'done', 'nothing_to_do'])
    .describe('nothing_to_do: no node would change (see each row why); no token'),
  summary: z.string().describe('what changes and what is left alone, node by node'),
  confirmToken: z
    .string()
    .optional()
    .describe('single use; send it back with the very same body to act'),
  expiresAt: z.string().optional(),
  changing: z.array(z.string()).describe('the nodes the confirmed call changes'),
  rows: z.array(row(changeDetail)),
});

const runDetail = z.object({
  steps: z.array(z.string()).describe('what is (or would be) done on the node, in order'),
  before: z.string().describe('checksums and states, never a key'),
  requested: z.string(),
  after: z.string().optional(),
});

export const adminChangeResponse = z.object({
  cluster: z.string(),
  operation: z.enum(['sync-munge', 'sync-conf', 'sync-ssh', 'restart', 'recover', 'init']),
  status: z
    .enum(['confirmation_required', 'done', 'nothing_to_do'])
    .describe('nothing_to_do: no node needs a change (see each row why); no token'),
  summary: z.string().describe('the nodes that change and how, and those left as they are'),
  confirmToken: z
    .string()
    .optional()
    .describe('single use, bound to the caller, the nodes, their steps and the arguments'),
  expiresAt: z.string().optional(),
  changing: z.array(z.string()).describe('the nodes the confirmed call changes'),
  rows: z.array(row(runDetail)),
  notes: z.array(z.string()).describe('once after the change, e.g. scontrol reconfigure'),
});

export const adminAccessResponse = z.object({
  cluster: z.string(),
  configured: z.boolean().describe("whether the cluster's config has admin access"),
  controller: z.string().optional().describe('how the controller is reached (ssh user@host)'),
});

export type AdminStatusResponse = z.infer<typeof adminStatusResponse>;
export type AdminDoctorResponse = z.infer<typeof adminDoctorResponse>;
export type StateChangeResponse = z.infer<typeof stateChangeResponse>;
export type AdminChangeResponse = z.infer<typeof adminChangeResponse>;
export type AdminAccessResponse = z.infer<typeof adminAccessResponse>;
