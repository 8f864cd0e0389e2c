import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Document, isMap, parseDocument } from 'yaml';
import { z } from 'zod';
import { SlurmdeckError } from './errors.js';
import { configFile } from './paths.js';
import { describeYamlError } from './yaml-error.js';

// Names become file names and CLI arguments: keep them plain.
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_", "-"');

const defaults = z
  .object({ partition: z.string().optional(), account: z.string().optional() })
  .strict()
  .default({});

/** Interactive sessions on this cluster (see `slurmdeck session`). */
const sessionSettings = z
  .object({
    /** Run on each new allocation (e.g. `nvidia-smi -L`); a failure marks the node bad. */
    healthCommand: z.string().optional(),
    /** srun flags every session gets here, e.g. the container flags the site needs. */
    srunDefaults: z.array(z.string()).default([]),
    /** How many bad nodes to skip before giving up on a start. */
    maxRetries: z.number().int().min(0).max(20).default(3),
    /**
     * Faster back-to-back execs: ctrl-q typed after each command carries the login host's ACK
     * past Nagle + delayed ACK (~40 ms). Safe only where the session's terminal keeps `stty ixon`
     * (the default; with -ixon, readline would read the ctrl-q): `auto` looks once per session.
     */
    fastExec: z.union([z.boolean(), z.literal('auto')]).default('auto'),
  })
  .strict()
  .default({ srunDefaults: [], maxRetries: 3, fastExec: 'auto' });

/** Shell lines every remote command runs after, e.g. `module load slurm` where Slurm hides. */
const setup = z.string().min(1).optional();

/** How the admin's own ssh reaches a host for `slurmdeck admin` (host keys always checked). */
const adminSsh = z
  .object({
    user: z.string().optional(),
    port: z.number().int().min(1).max(65535).optional(),
    identityFile: z.string().optional(),
    certificateFile: z.string().optional(),
    knownHostsFile: z.string().optional(),
    jumpHost: z.string().optional(),
  })
  .strict();

/** Node administration (`slurmdeck admin`): the controller, and how compute nodes are reached. */
const adminSettings = z
  .object({
    /** The host slurmctld runs on: "local" when slurmdeck runs there itself. */
    controller: z.union([
      z.literal('local'),
      adminSsh.extend({ host: z.string().min(1) }).strict(),
    ]),
    /** Compute nodes are reached at their Slurm NodeAddr (see reachBy), as this user (default root). */
    nodes: adminSsh.default({}),
    /**
     * `NodeName`: ssh to a node by its name instead of its NodeAddr (a fabric address the admin
     * host cannot reach, or one known_hosts does not list). Default `NodeAddr`.
     */
    reachBy: z.enum(['NodeAddr', 'NodeName']).optional(),
    /** Nodes worked on at once (default 32). */
    concurrency: z.number().int().min(1).max(256).optional(),
    /**
     * How a daemon is started, stopped or restarted on a node: this argv, then the action and
     * `munged` or `slurmd`. Default: `systemctl ACTION munge|slurmd`.
     */
    serviceCommand: z.array(z.string().min(1)).min(1).optional(),
    /**
     * Nodes without a slurm.conf of their own run configless: `admin init` copies no config and
     * starts slurmd with `--conf-server`; sync-conf leaves them to slurmctld. Needs
     * `SlurmctldParameters=enable_configless` on the controller. Default false: copied.
     */
    configless: z.boolean().optional(),
  })
  .strict();

const localCluster = z
  .object({
    transport: z.literal('local'),
    setup,
    defaults,
    sessions: sessionSettings,
    admin: adminSettings.optional(),
  })
  .strict();

const sshCluster = z
  .object({
    transport: z.literal('ssh'),
    host: z.string().min(1),
    user: z.string().optional(),
    port: z.number().int().min(1).max(65535).optional(),
    identityFile: z.string().optional(),
    certificateFile: z.string().optional(),
    knownHostsFile: z.string().optional(),
    jumpHost: z.string().optional(),
    /** Said when the login host cannot be reached, e.g. "Off campus, connect the VPN first." */
    unreachableHint: z.string().optional(),
    /** Where the network check of a failed connection goes (a site's address), before the hint. */
    reachability: z
      .object({ host: z.string().min(1), port: z.number().int().min(1).max(65535).default(22) })
      .strict()
      .optional(),
    setup,
    defaults,
    sessions: sessionSettings,
    admin: adminSettings.optional(),
  })
  .strict();

export const clusterSchema = z.discriminatedUnion('transport', [localCluster, sshCluster]);

/** Where job-end reports go: channel name -> URL-like spec (`ntfy://host/topic`, `slack://...`). */
const notifySettings = z
  .object({
    channels: z.record(name, z.string().min(1)).default({}),
    /** Channels used when a watch names none. */
    defaultChannels: z.array(name).default([]),
    language: z.enum(['en', 'zh']).default('en'),
    /** Secrets (tokens, passwords) referenced by channels; must be mode 0600. */
    credentialsFile: z.string().optional(),
    /** Sends tried per notification before it is marked failed (default 8). */
    maxAttempts: z.number().int().min(1).max(50).optional(),
  })
  .strict()
  .default({ channels: {}, defaultChannels: [], language: 'en' });

/**
 * An account at a site whose profile (see `slurmdeck site list`) names the login and data nodes:
 * each node group becomes a cluster `SITE-GROUP` reached through its own entry node.
 */
const siteAccount = z
  .object({
    /** The profile to use; default: the site's own name. */
    profile: name.optional(),
    user: z.string().optional(),
    identityFile: z.string().optional(),
    certificateFile: z.string().optional(),
    knownHostsFile: z.string().optional(),
    jumpHost: z.string().optional(),
    /** The node group used when a command names no partition. */
    group: name.optional(),
    defaults,
    sessions: sessionSettings,
  })
  .strict();

/** Experiment runs and metrics (see `slurmdeck runs`). */
const trackerSettings = z
  .object({
    /** A postgres:// URL for a lab server; default: the state database (SQLite). */
    database: z
      .string()
      .regex(/^postgres(ql)?:\/\//i, 'a postgres:// URL')
      .optional(),
    /**
     * The server's address as compute nodes reach it (`submit` hands it to jobs with a token);
     * default: the running `slurmdeck serve`'s, when it listens on more than loopback.
     */
    url: z
      .string()
      .regex(/^https?:\/\/[^\s/]+\/?$/i, 'http(s)://host:port')
      .optional(),
  })
  .strict()
  .default({});

export const configSchema = z
  .object({
    defaultCluster: name.optional(),
    clusters: z.record(name, clusterSchema).default({}),
    sites: z.record(name, siteAccount).default({}),
    notify: notifySettings,
    tracker: trackerSettings,
  })
  .strict();

export type ClusterConfig = z.infer<typeof clusterSchema>;
/** A cluster as written by hand or by code: defaults may be left out. */
export type ClusterInput = z.input<typeof clusterSchema>;
export type Config = z.infer<typeof configSchema>;
export type NotifySettings = z.infer<typeof notifySettings>;
export type SessionSettings = z.infer<typeof sessionSettings>;
export type SiteAccount = z.infer<typeof siteAccount>;
export type AdminSettings = z.infer<typeof adminSettings>;

export function loadConfig(file = configFile()): Config {
  if (!existsSync(file)) return configSchema.parse({});
  const text = readFileSync(file, 'utf8');
  const document = parseDocument(text);
  const syntax = document.errors[0];
  if (syntax) {
    throw new SlurmdeckError('CONFIG_INVALID', `${file}: ${describeYamlError(syntax, text)}`, {
      hint: 'Fix the YAML syntax at the line and column shown.',
    });
  }
  const parsed = configSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(top level)';
    throw new SlurmdeckError('CONFIG_INVALID', `${file}: ${where}: ${issue?.message}`, {
      hint: 'See the README section "Configuration" for the accepted keys.',
    });
  }
  return parsed.data;
}

/** The cluster to use: the one named, else the default, else the only one configured. */
export function resolveCluster(
  config: Config,
  wanted?: string,
): { name: string; cluster: ClusterConfig } {
  const names = Object.keys(config.clusters);
  const chosen = wanted ?? config.defaultCluster ?? (names.length === 1 ? names[0] : undefined);
  if (chosen === undefined) {
    throw new SlurmdeckError(
      names.length === 0 ? 'CONFIG_NOT_FOUND' : 'CLUSTER_UNKNOWN',
      names.length === 0
        ? 'no cluster is configured'
        : 'several clusters are configured and none is the default',
      {
        hint:
          names.length === 0
            ? `Run \`slurmdeck dev-cluster up\` for a local one, or add a cluster to ${configFile()}.`
            : `Pass --cluster (one of: ${names.join(', ')}) or set defaultCluster in ${configFile()}.`,
      },
    );
  }
  const cluster = config.clusters[chosen];
  if (!cluster) {
    throw new SlurmdeckError('CLUSTER_UNKNOWN', `no cluster named "${chosen}"`, {
      hint: names.length
        ? `Configured clusters: ${names.join(', ')}.`
        : `Add it to ${configFile()}.`,
    });
  }
  return { name: chosen, cluster };
}

/** Adds or replaces one cluster, keeping the rest of the file (and its comments) as it was. */
export function saveCluster(clusterName: string, cluster: ClusterInput, file = configFile()): void {
  const { defaults: clusterDefaults, sessions, ...rest } = clusterSchema.parse(cluster);
  // Write only what differs from the defaults, so the file stays short and readable.
  const valid = {
    ...rest,
    ...(Object.keys(clusterDefaults).length ? { defaults: clusterDefaults } : {}),
    ...(sessions.healthCommand ||
    sessions.srunDefaults.length ||
    sessions.maxRetries !== 3 ||
    sessions.fastExec !== 'auto'
      ? { sessions }
      : {}),
  };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const document = existsSync(file)
    ? parseDocument(readFileSync(file, 'utf8'))
    : new Document({ defaultCluster: clusterName, clusters: {} });
  if (!document.has('defaultCluster')) document.set('defaultCluster', clusterName);
  // A new map would be written in flow style ({...}); people read and edit this file.
  const clusters = document.get('clusters');
  if (!isMap(clusters) || clusters.items.length === 0) {
    document.set('clusters', document.createNode({ [clusterName]: valid }));
  } else {
    document.setIn(['clusters', clusterName], document.createNode(valid));
  }
  configSchema.parse(document.toJS());
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, document.toString(), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}
