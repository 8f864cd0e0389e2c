import { z } from 'zod';

// Names are used as CLI arguments and YAML keys: keep them plain.
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_", "-"');
const hostName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'a host name');
const absolutePath = z
  .string()
  .regex(/^\/[^\0]*$/, 'an absolute path')
  .transform((p) => (p.length > 1 ? p.replace(/\/+$/, '') : p));

/** Kinds of work an entry node is for: submitting and running jobs, or moving data. */
export const WORK_KINDS = ['job', 'data'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/** What a host lets us do over SSH; some data nodes refuse exec, some login nodes refuse sftp. */
export const CAPABILITIES = ['exec', 'sftp', 'rsync', 'tmux'] as const;
export type Capability = (typeof CAPABILITIES)[number];

const group = z
  .object({
    description: z.string().optional(),
    partitions: z.array(name).min(1),
    /** The entry node per kind of work; `data` falls back to `job` when not given. */
    entry: z.object({ job: hostName, data: hostName.optional() }).strict(),
    /** The pool users' home folders live on. */
    home: name.optional(),
  })
  .strict();

const pool = z
  .object({
    mount: absolutePath,
    tier: z.enum(['hot', 'cold']),
    filesystem: z.string().optional(),
    /** Groups whose hosts mount this pool. Empty: every group's. */
    groups: z.array(name).default([]),
    /** Which kind of entry node may write; other hosts see the pool read-only. */
    writableFrom: z.enum(['any', 'data']).default('any'),
    /** A merged view of other pools (e.g. mergerfs): reads go here when no pool is named. */
    merges: z.array(name).optional(),
  })
  .strict();

const host = z
  .object({
    capabilities: z.array(z.enum(CAPABILITIES)).default([...CAPABILITIES]),
    note: z.string().optional(),
  })
  .strict();

const weekday = z.enum(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (24 hours)');

/** A weekly window in the site's time zone, e.g. every Wednesday 10:00-12:00. */
const maintenanceWindow = z
  .object({ weekly: weekday, from: clock, to: clock, note: z.string().optional() })
  .strict()
  .refine((w) => w.from < w.to, 'a window ends after it starts (same day)');

export const siteProfileSchema = z
  .object({
    title: z.string().optional(),
    docs: z.string().url().optional(),
    /** IANA zone the site's clocks and maintenance windows are in. */
    timezone: z.string().default('UTC'),
    groups: z.record(name, group),
    storage: z.record(name, pool).default({}),
    hosts: z.record(hostName, host).default({}),
    ssh: z
      .object({
        /** A short-lived certificate (e.g. after two-factor approval) is needed to log in. */
        certificateRequired: z.boolean().default(false),
        user: z.string().optional(),
      })
      .strict()
      .default({ certificateRequired: false }),
    /** How to tell whether the site can be reached, and what to do when it cannot. */
    reachability: z
      .object({ host: hostName, port: z.number().int().default(22), hint: z.string() })
      .strict()
      .optional(),
    defaults: z
      .object({ srun: z.array(z.string()).default([]), sbatch: z.array(z.string()).default([]) })
      .strict()
      .default({ srun: [], sbatch: [] }),
    limits: z
      .object({
        /** Longest interactive job (minutes); longer work goes through sbatch. */
        interactiveMinutes: z.number().int().positive().optional(),
        partitionNotes: z.record(name, z.string()).default({}),
      })
      .strict()
      .default({ partitionNotes: {} }),
    maintenance: z.array(maintenanceWindow).default([]),
    api: z.object({ kind: name, base: z.string().url() }).strict().optional(),
    /** Setup every remote Slurm command runs after, e.g. `module load slurm`. */
    slurmSetup: z.string().optional(),
  })
  .strict()
  .superRefine((profile, ctx) => {
    const seen = new Map<string, string>();
    for (const [groupName, g] of Object.entries(profile.groups)) {
      for (const partition of g.partitions) {
        const other = seen.get(partition);
        if (other) {
          ctx.addIssue({
            code: 'custom',
            path: ['groups', groupName, 'partitions'],
            message: `partition "${partition}" is in both "${other}" and "${groupName}"`,
          });
        }
        seen.set(partition, groupName);
      }
      if (g.home && !profile.storage[g.home]) {
        ctx.addIssue({
          code: 'custom',
          path: ['groups', groupName, 'home'],
          message: `no storage pool named "${g.home}"`,
        });
      }
    }
    for (const [poolName, p] of Object.entries(profile.storage)) {
      for (const g of p.groups) {
        if (!profile.groups[g]) {
          ctx.addIssue({
            code: 'custom',
            path: ['storage', poolName, 'groups'],
            message: `no group named "${g}"`,
          });
        }
      }
      for (const m of p.merges ?? []) {
        if (!profile.storage[m] || m === poolName) {
          ctx.addIssue({
            code: 'custom',
            path: ['storage', poolName, 'merges'],
            message: `no other pool named "${m}"`,
          });
        }
      }
    }
  });

export type SiteProfile = z.infer<typeof siteProfileSchema>;
export type SiteGroup = SiteProfile['groups'][string];
export type StoragePool = SiteProfile['storage'][string];
export type MaintenanceWindow = SiteProfile['maintenance'][number];
