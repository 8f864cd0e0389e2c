import type { Command } from 'commander';
import { Option } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import { printJson } from '../format.js';
import { renderTable } from '../table.js';

export type Role = 'read' | 'operate' | 'admin';

/** A job's tracker token as the server's token store lists it (src/server/tokens.ts). */
export interface JobTokenListing {
  name: string;
  cluster: string;
  jobId: string | undefined;
  createdAt: number;
  firstUsedAt: number | undefined;
  expiresAt: number;
  lastUsedAt: number | undefined;
}

/** What `serve token ...` needs of the server's token store (src/server/open-tokens.ts). */
export interface TokenStoreFace {
  create(name: string, role: Role): string;
  list(): Array<{ name: string; role: Role; createdAt: number; lastUsedAt: number | undefined }>;
  revoke(name: string): boolean;
  listJobs(): JobTokenListing[];
  revokeJob(name: string): number;
  close(): void;
}

type Kind = 'api' | 'job';

/** One line of `serve token list`: an API token or a job's tracker token. */
interface Listed {
  name: string;
  kind: Kind;
  role: Role | 'tracker';
  job: { cluster: string; jobId: string | undefined } | undefined;
  createdAt: number;
  firstUsedAt: number | undefined;
  expiresAt: number | undefined;
  lastUsedAt: number | undefined;
}

function role(value: string): Role {
  if (value === 'read' || value === 'operate' || value === 'admin') return value;
  throw new SlurmdeckError('INVALID_ARGUMENT', `unknown role "${value}"`, {
    hint: 'Use read, operate or admin.',
  });
}

function listed(store: TokenStoreFace): Listed[] {
  const api = store.list().map((t) => ({
    ...t,
    kind: 'api' as const,
    job: undefined,
    firstUsedAt: undefined,
    expiresAt: undefined,
  }));
  const jobs = store.listJobs().map((t) => ({
    name: t.name,
    kind: 'job' as const,
    role: 'tracker' as const,
    job: { cluster: t.cluster, jobId: t.jobId },
    createdAt: t.createdAt,
    firstUsedAt: t.firstUsedAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
  }));
  return [...api, ...jobs];
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function printListed(tokens: Listed[], json: boolean | undefined): void {
  if (json) {
    return printJson(
      tokens.map((t) => ({
        name: t.name,
        kind: t.kind,
        role: t.role,
        cluster: t.job?.cluster ?? null,
        jobId: t.job?.jobId ?? null,
        createdAt: iso(t.createdAt),
        firstUsedAt: iso(t.firstUsedAt),
        expiresAt: iso(t.expiresAt),
        lastUsedAt: iso(t.lastUsedAt),
      })),
    );
  }
  if (tokens.length === 0) return console.log('no tokens');
  const when = (ms: number | undefined) => iso(ms) ?? '-';
  console.log(
    renderTable(tokens, [
      { header: 'NAME', value: (t) => t.name },
      { header: 'KIND', value: (t) => t.kind },
      { header: 'ROLE', value: (t) => t.role },
      {
        header: 'JOB',
        value: (t) => (t.job ? `${t.job.cluster}:${t.job.jobId ?? '(submitting)'}` : '-'),
      },
      { header: 'CREATED', value: (t) => when(t.createdAt) },
      { header: 'FIRST USED', value: (t) => when(t.firstUsedAt) },
      { header: 'EXPIRES', value: (t) => (t.kind === 'api' ? 'never' : when(t.expiresAt)) },
      { header: 'LAST USED', value: (t) => when(t.lastUsedAt) },
    ]),
  );
}

/** Revokes by name: an API token, or the job token(s) of that name; refuses when both match. */
function revoke(store: TokenStoreFace, name: string, kind: Kind | undefined): Kind {
  const isApi = store.list().some((t) => t.name === name);
  const isJob = store.listJobs().some((t) => t.name === name);
  if (isApi && isJob && kind === undefined) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `"${name}" names an API token and a job token`, {
      hint: `Say which: slurmdeck serve token revoke ${name} --kind api (or --kind job).`,
    });
  }
  if (kind !== 'job' && isApi && store.revoke(name)) return 'api';
  if (kind !== 'api' && isJob && store.revokeJob(name) > 0) return 'job';
  const which = kind === undefined ? '' : `${kind} `;
  throw new SlurmdeckError('INVALID_ARGUMENT', `no ${which}token named "${name}"`, {
    hint: 'slurmdeck serve token list shows the names (a job token is job-CLUSTER-JOBID).',
  });
}

/** `slurmdeck serve token create|list|revoke`: API tokens, and the tokens submit gives jobs. */
export function registerTokens(serve: Command, open: () => Promise<TokenStoreFace>): void {
  const withStore = async <T>(use: (store: TokenStoreFace) => T): Promise<T> => {
    const store = await open();
    try {
      return use(store);
    } finally {
      store.close();
    }
  };
  const token = serve
    .command('token')
    .description('API tokens for Authorization: Bearer, and the tracker tokens submit gives jobs');
  token
    .command('create <name>')
    .description('create a token and print it once (only its hash is kept)')
    .option('--role <role>', 'read, operate or admin', 'read')
    .action((name: string, flags: { role: string }) =>
      withStore((store) => console.log(store.create(name, role(flags.role)))),
    );
  token
    .command('list')
    .description(
      "API tokens (name, role, last use) and jobs' tracker tokens (job, first use, expiry); never a token's value",
    )
    .option('--json', 'machine-readable output')
    .action((flags: { json?: boolean }) =>
      withStore((store) => printListed(listed(store), flags.json)),
    );
  token
    .command('revoke <name>')
    .description('stop a token from working, at once (a job token by its name, job-CLUSTER-JOBID)')
    .addOption(new Option('--kind <kind>', 'when a name is both kinds').choices(['api', 'job']))
    .option('--json', 'machine-readable output')
    .action((name: string, flags: { kind?: Kind; json?: boolean }) =>
      withStore((store) => {
        const kind = revoke(store, name, flags.kind);
        if (flags.json) return printJson({ revoked: name, kind });
        console.log(`revoked ${name}${kind === 'job' ? ' (job token)' : ''}`);
      }),
    );
}
