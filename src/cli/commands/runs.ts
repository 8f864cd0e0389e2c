import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import {
  compareRuns,
  findRun,
  jsonValue,
  lookAtRunFiles,
  parseCondition,
  parseSort,
  queryRuns,
  readMetric,
  seriesCsv,
  seriesJson,
  summarizeRun,
  summaryJson,
  type MetricSummary,
  type Run,
  type RunFile,
  type RunGroup,
  type RunStatus,
} from '../../tracker/index.js';
import { openWorkspace, type Workspace } from '../../workspace/index.js';
import { printJson } from '../format.js';
import { renderTable } from '../table.js';

interface Common {
  json?: boolean;
  database?: string;
}

/** The tracker of this machine (the state database, or tracker.database / --database). */
async function withTracker<T>(flags: Common, body: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = openWorkspace({
    face: 'cli',
    pollers: false,
    ...(flags.database ? { trackerDatabase: flags.database } : {}),
  });
  try {
    return await body(ws);
  } finally {
    await ws.close({ keepMasters: true });
  }
}

const iso = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());
const shortTime = (ms: number | undefined) => iso(ms).replace('T', ' ').slice(0, 16);
const num = (v: number | undefined) => (v === undefined ? '-' : String(jsonValue(v)));
const positive = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `${what} must be a whole number >= 1`);
  }
  return n;
};
/** How a run ended, the job's word first: OUT_OF_MEMORY says more than failed. */
const state = (run: Run) =>
  run.jobOutcome ? `${run.jobOutcome}${run.exitCode ? ` (${run.exitCode})` : ''}` : run.status;

function runJson(run: Run) {
  return {
    ...run,
    submitTime: run.submitTime === undefined ? undefined : iso(run.submitTime),
    createdAt: iso(run.createdAt),
    startedAt: iso(run.startedAt),
    endedAt: run.endedAt === undefined ? undefined : iso(run.endedAt),
    updatedAt: iso(run.updatedAt),
  };
}

const summaryTable = (metrics: readonly MetricSummary[]) =>
  renderTable(metrics, [
    { header: 'METRIC', value: (m) => m.key, flexible: true },
    { header: 'POINTS', value: (m) => String(m.points), align: 'right' },
    { header: 'STEP', value: (m) => num(m.lastStep), align: 'right' },
    { header: 'LAST', value: (m) => num(m.last), align: 'right' },
    { header: 'MIN', value: (m) => num(m.min), align: 'right' },
    { header: 'MAX', value: (m) => num(m.max), align: 'right' },
  ]);

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface ListFlags extends Common {
  project?: string;
  status?: string;
  tag?: string;
  job?: string;
  limit?: number;
  filter?: string[];
  sort?: string;
  group?: string;
  metric?: string;
}

function registerList(runs: Command): void {
  runs
    .command('list')
    .description('recent runs, newest first (or --sort), filtered on the store side')
    .option('--project <name>', 'only this project (experiment)')
    .option('--status <status>', 'running, finished or failed')
    .option('--tag <tag>', 'only runs with this tag')
    .option('--job <id>', 'only runs of this job id')
    .option(
      '--filter <expr>',
      'FIELD OP VALUE, repeatable: params.optimizer.lr>=0.01, metrics.loss.last<0.5, state=OUT_OF_MEMORY',
      collect,
    )
    .option('--sort <field>', 'sort by a field, - for descending: -metrics.acc.max, params.seed')
    .option('--group <by>', 'rows of an experiment or array job together: experiment or array')
    .option('--metric <keys>', 'show these metrics (comma-separated): last (min..max)')
    .option('--limit <n>', 'at most this many (default 50)', positive('--limit'))
    .option('--json', 'machine-readable output')
    .option('--database <url>', 'the tracker in PostgreSQL (default: the config, else local)')
    .action(async (flags: ListFlags, command: Command) =>
      withTracker(flags, async (ws) => {
        if (flags.status && !['running', 'finished', 'failed'].includes(flags.status)) {
          throw new SlurmdeckError('INVALID_ARGUMENT', `unknown status "${flags.status}"`, {
            hint: 'Use running, finished or failed.',
          });
        }
        if (flags.group && !['experiment', 'array'].includes(flags.group)) {
          throw new SlurmdeckError('INVALID_ARGUMENT', `unknown group "${flags.group}"`, {
            hint: 'Use experiment or array.',
          });
        }
        const { cluster } = command.optsWithGlobals<{ cluster?: string }>();
        const metrics = flags.metric?.split(',').filter(Boolean) ?? [];
        const result = await queryRuns(ws.tracker.store, {
          filter: {
            project: flags.project,
            status: flags.status as RunStatus | undefined,
            tag: flags.tag,
            jobId: flags.job,
            cluster,
          },
          where: (flags.filter ?? []).map(parseCondition),
          sort: flags.sort ? parseSort(flags.sort) : undefined,
          group: flags.group as RunGroup | undefined,
          metrics,
          limit: flags.limit ?? 50,
        });
        const list = result.runs;
        const summaryOf = (run: Run, key: string) => result.summaries[run.uid]?.[key] ?? null;
        if (flags.json) {
          return printJson(
            list.map((run) => ({
              ...runJson(run),
              ...(metrics.length
                ? {
                    metrics: Object.fromEntries(
                      metrics.map((key) => {
                        const m = summaryOf(run, key);
                        return [key, m ? summaryJson(m) : null];
                      }),
                    ),
                  }
                : {}),
            })),
          );
        }
        if (list.length === 0) return console.log('no runs');
        console.log(
          renderTable(
            list,
            [
              { header: 'RUN', value: (r) => r.uid.slice(0, 10) },
              { header: 'NAME', value: (r) => r.name, flexible: true },
              { header: 'PROJECT', value: (r) => r.project, flexible: true },
              { header: 'STATE', value: state },
              { header: 'JOB', value: (r) => (r.jobId ? `${r.cluster ?? '?'}/${r.jobId}` : '-') },
              { header: 'STARTED', value: (r) => shortTime(r.startedAt) },
              ...metrics.map((key) => ({
                header: key.toUpperCase(),
                value: (r: Run) => {
                  const m = summaryOf(r, key);
                  return m ? `${num(m.last)} (${num(m.min)}..${num(m.max)})` : '-';
                },
                align: 'right' as const,
              })),
            ],
            process.stdout.columns || 100,
          ),
        );
        if (result.total > list.length) console.log(`(${list.length} of ${result.total} runs)`);
      }),
    );
}

function registerShow(runs: Command): void {
  runs
    .command('show <run>')
    .description('one run (uid, a unique start of it, or its name): params, job, metrics, files')
    .option('--check', "look at the run's files on its cluster now (size, mtime, gone)")
    .option('--json', 'machine-readable output')
    .option('--database <url>', 'the tracker in PostgreSQL (default: the config, else local)')
    .action(async (ref: string, flags: Common & { check?: boolean }) =>
      withTracker(flags, async (ws) => {
        const run = await findRun(ws.tracker.store, ref);
        const metrics = await summarizeRun(ws.tracker.store, run.uid);
        const { files, checkError } = await lookAtRunFiles(ws.tracker.store, run, {
          check: flags.check === true,
          transportOf: (cluster) => ws.cluster(cluster).transport,
        });
        if (flags.json) {
          return printJson({
            run: runJson(run),
            metrics: metrics.map(summaryJson),
            files,
            ...(checkError ? { checkError } : {}),
          });
        }
        const lines = [
          `run      ${run.uid} (${run.name})`,
          `project  ${run.project}`,
          `state    ${state(run)}${run.attempts > 1 ? `, ${run.attempts} attempts` : ''}`,
          `job      ${run.jobId ? `${run.cluster ?? '?'}/${run.jobId}` : '-'}${run.host ? ` on ${run.host}` : ''}`,
          `started  ${iso(run.startedAt)}${run.endedAt ? `, ended ${iso(run.endedAt)}` : ''}`,
          ...(run.gitCommit ? [`git      ${run.gitCommit}${run.gitDirty ? ' (dirty)' : ''}`] : []),
          ...(run.command ? [`command  ${run.command.join(' ')}`] : []),
          ...(run.tags.length ? [`tags     ${run.tags.join(', ')}`] : []),
          `params   ${JSON.stringify(run.config)}`,
        ];
        console.log(lines.join('\n'));
        console.log(metrics.length ? `\n${summaryTable(metrics)}` : '\nno metrics yet');
        if (files.length) console.log(`\n${filesTable(files)}`);
        if (checkError) console.error(`could not look at the files: ${checkError}`);
      }),
    );
}

/** A gone file says so; one never looked at on the cluster says "as declared". */
const filesTable = (files: readonly RunFile[]) =>
  renderTable(files, [
    { header: 'KIND', value: (f) => f.kind },
    {
      header: 'BYTES',
      value: (f) => (f.missing ? 'gone' : f.size === undefined ? '-' : String(f.size)),
      align: 'right',
    },
    { header: 'MODIFIED', value: (f) => shortTime(f.mtime) },
    { header: 'LOOKED', value: (f) => (f.checkedAt ? shortTime(f.checkedAt) : 'as declared') },
    { header: 'PATH', value: (f) => f.path, flexible: true },
  ]);

function registerMetrics(runs: Command): void {
  runs
    .command('metrics <run>')
    .description("a run's metrics: a summary each, or every point of one (--key)")
    .option('--key <key>', 'every point of this metric: step, value, wall time')
    .option(
      '--max-points <n>',
      'at most this many points, extremes kept (M4)',
      positive('--max-points'),
    )
    .option('--json', 'machine-readable output')
    .option('--database <url>', 'the tracker in PostgreSQL (default: the config, else local)')
    .action(async (ref: string, flags: Common & { key?: string; maxPoints?: number }) =>
      withTracker(flags, async (ws) => {
        const run = await findRun(ws.tracker.store, ref);
        if (flags.key === undefined) {
          const metrics = await summarizeRun(ws.tracker.store, run.uid);
          if (flags.json) return printJson({ uid: run.uid, metrics: metrics.map(summaryJson) });
          return console.log(metrics.length ? summaryTable(metrics) : 'no metrics yet');
        }
        const { series, total, downsampled } = await readMetric(
          ws.tracker.store,
          run.uid,
          flags.key,
          flags.maxPoints,
        );
        if (
          series.steps.length === 0 &&
          !(await ws.tracker.store.metricKeys(run.uid)).includes(flags.key)
        ) {
          throw new SlurmdeckError(
            'INVALID_ARGUMENT',
            `run ${run.uid} has no metric "${flags.key}"`,
            {
              hint: `slurmdeck runs metrics ${run.uid} lists its metrics.`,
            },
          );
        }
        if (flags.json) {
          return printJson({ uid: run.uid, total, downsampled, ...seriesJson(series) });
        }
        await writeAll(process.stdout, pointLines(series));
      }),
    );
}

function* pointLines(series: Awaited<ReturnType<typeof readMetric>>['series']) {
  yield 'step\tvalue\twall_time\n';
  let lines: string[] = [];
  for (let i = 0; i < series.steps.length; i++) {
    lines.push(
      `${series.steps[i]}\t${jsonValue(series.values[i] as number)}\t${(series.times[i] as number) / 1000}\n`,
    );
    if (lines.length === 10_000) {
      yield lines.join('');
      lines = [];
    }
  }
  if (lines.length) yield lines.join('');
}

/** Writes a long output piece by piece, waiting when the pipe is full. */
async function writeAll(out: Writable, pieces: Iterable<string>): Promise<void> {
  for (const piece of pieces) if (!out.write(piece)) await once(out, 'drain');
}

function registerCompare(runs: Command): void {
  runs
    .command('compare <runs...>')
    .description('runs side by side: the params that differ, each metric last/min/max')
    .option('--json', 'machine-readable output')
    .option('--database <url>', 'the tracker in PostgreSQL (default: the config, else local)')
    .action(async (refs: string[], flags: Common) =>
      withTracker(flags, async (ws) => {
        const found = await Promise.all(refs.map((ref) => findRun(ws.tracker.store, ref)));
        const summaries = await Promise.all(
          found.map((run) => summarizeRun(ws.tracker.store, run.uid)),
        );
        const result = compareRuns(found, summaries);
        if (flags.json) {
          return printJson({
            ...result,
            metrics: Object.fromEntries(
              Object.entries(result.metrics).map(([key, list]) => [
                key,
                list.map((m) => (m ? summaryJson(m) : null)),
              ]),
            ),
          });
        }
        const names = found.map((run) => `${run.name} (${run.uid.slice(0, 8)})`);
        const diff = Object.entries(result.paramsDiff);
        console.log(
          diff.length
            ? renderTable(
                diff,
                [
                  { header: 'PARAM', value: ([key]) => key, flexible: true },
                  ...names.map((name, i) => ({
                    header: name,
                    value: ([, values]: [string, unknown[]]) =>
                      values[i] === null ? '-' : JSON.stringify(values[i]),
                    flexible: true,
                  })),
                ],
                process.stdout.columns || 100,
              )
            : 'no params differ',
        );
        console.log(`(${result.sameParams} params the same in every run)\n`);
        const metrics = Object.entries(result.metrics);
        console.log(
          metrics.length
            ? renderTable(
                metrics,
                [
                  { header: 'METRIC (last)', value: ([key]) => key, flexible: true },
                  ...names.map((name, i) => ({
                    header: name,
                    value: ([, list]: [string, Array<MetricSummary | null>]) => num(list[i]?.last),
                    align: 'right' as const,
                  })),
                ],
                process.stdout.columns || 100,
              )
            : 'no metrics yet',
        );
      }),
    );
}

function registerExport(runs: Command): void {
  runs
    .command('export <runs...>')
    .description('every point of the runs as CSV: run,key,step,value,wall_time')
    .option('--key <keys...>', 'only these metrics (default: all)')
    .option('-o, --output <file>', 'write here instead of stdout')
    .option('--database <url>', 'the tracker in PostgreSQL (default: the config, else local)')
    .action(async (refs: string[], flags: Common & { key?: string[]; output?: string }) =>
      withTracker(flags, async (ws) => {
        const store = ws.tracker.store;
        const found = await Promise.all(refs.map((ref) => findRun(store, ref)));
        const parts = [];
        for (const run of found) {
          const keys = flags.key ?? (await store.metricKeys(run.uid));
          for (const key of keys)
            parts.push({ uid: run.uid, series: await store.readSeries(run.uid, key) });
        }
        const out = flags.output ? createWriteStream(flags.output) : process.stdout;
        await writeAll(out, seriesCsv(parts));
        if (flags.output) {
          out.end();
          await once(out, 'finish');
          console.error(`wrote ${flags.output}`);
        }
      }),
    );
}

export function registerRuns(program: Command): void {
  const runs = program
    .command('runs')
    .description('experiment runs tracked on this machine: list, show, metrics, compare, export');
  registerList(runs);
  registerShow(runs);
  registerMetrics(runs);
  registerCompare(runs);
  registerExport(runs);
}
