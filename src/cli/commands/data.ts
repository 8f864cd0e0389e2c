import type { Command } from 'commander';
import { cleanClusterText } from '../../core/clean-text.js';
import { SlurmdeckError } from '../../core/errors.js';
import {
  cancelCopy,
  COPY_TMUX_SOCKET,
  copyTmuxName,
  copyStatesOnHosts,
  createCopyStore,
  resumeCopy,
  copyTarget,
  siteDataClusterFor,
  startCopy,
  type CopyRow,
  type CopyState,
} from '../../sites/index.js';

import type { Workspace } from '../../workspace/index.js';
import { askFirst } from '../confirm.js';
import { withWorkspace } from '../context.js';
import { formatBytes, printJson } from '../format.js';
import { interactiveArgv, runInteractive } from '../interactive.js';
import { renderTable } from '../table.js';

export function registerData(program: Command): void {
  const data = program
    .command('data')
    .description('copies that survive disconnects: rsync inside tmux on the data node');

  data
    .command('copy')
    .description('copy SRC to DST on the cluster (with --site: on the data node that sees DST)')
    .argument('<src>')
    .argument('[dst]', 'where to; or --to a pool, keeping the path below it')
    .option(
      '--to <pool>',
      'with --site: the same path on this pool; "cold" picks the cold pool with the most free space',
    )
    .option('--bwlimit <kbps>', 'cap the bandwidth (rsync --bwlimit, KiB/s)')
    .option('--parallel <n>', 'rsync streams at once for a folder of many files (1-32)', '1')
    .action(
      async (
        src: string,
        dst: string | undefined,
        options: { to?: string; bwlimit?: string; parallel: string },
        command: Command,
      ) =>
        withWorkspace(command, async (ws) => {
          const site = command.optsWithGlobals<{ site?: string }>().site;
          const where = await copyTarget(
            {
              config: ws.config,
              clusterName: () => ws.clusterName(),
              transportOf: (c) => ws.cluster(c).transport,
            },
            {
              ...(site ? { site } : {}),
              source: src,
              ...(dst ? { target: dst } : {}),
              ...(options.to ? { to: options.to } : {}),
            },
          );
          const handle = ws.cluster(where.cluster);
          const rsyncArgs = options.bwlimit ? [`--bwlimit=${bandwidth(options.bwlimit)}`] : [];
          if (where.why) console.error(where.why);
          const row = await ws.audit.run(
            {
              action: 'data.copy',
              cluster: where.cluster,
              target: { source: src, target: where.target },
              confirmedVia: 'not-needed',
            },
            () =>
              startCopy({ cluster: where.cluster, transport: handle.transport }, store(ws), {
                source: src,
                target: where.target,
                rsyncArgs,
                parallel: streams(options.parallel),
              }),
          );
          console.log(
            `copy ${row.id} started on ${handle.transport.target}: ${src} -> ${where.target}`,
          );
          console.log(
            `follow it with \`slurmdeck data status ${row.id}\`; it goes on if you disconnect.`,
          );
        }),
    );

  data
    .command('ls')
    .description('list a folder on the cluster (with --site: on a host that sees its pool)')
    .argument('<path>')
    .action(async (path: string, _options: unknown, command: Command) =>
      withWorkspace(command, async (ws) => {
        const result = await onHostSeeing(ws, command, path, ['ls', '-la', '--', path]);
        process.stdout.write(cleanClusterText(result.stdout));
      }),
    );

  data
    .command('du')
    .description('how much a folder holds (with --site: on a host that sees its pool)')
    .argument('<path>')
    .option('--json', 'machine-readable output')
    .action(async (path: string, options: { json?: boolean }, command: Command) =>
      withWorkspace(command, async (ws) => {
        const result = await onHostSeeing(ws, command, path, ['du', '-sb', '--', path]);
        const bytes = Number(result.stdout.trim().split(/\s+/)[0]);
        if (options.json) return printJson({ path, bytes });
        console.log(`${formatBytes(bytes)}  ${path}`);
      }),
    );

  data
    .command('status')
    .description('progress of one copy, or of every copy')
    .argument('[id]')
    .option('--json', 'machine-readable output')
    .action(async (id: string | undefined, options: { json?: boolean }, command: Command) =>
      withWorkspace(command, async (ws) => {
        const rows = id ? [rowOf(ws, id)] : store(ws).list();
        const states = await copyStatesOnHosts(rows, (c) => ws.cluster(c).transport);
        if (options.json) return printJson(states);
        if (states.length === 0) return console.log('no copies');
        if (id) return printOne(states[0] as CopyState);
        console.log(
          renderTable(states, [
            { header: 'ID', value: (s) => s.id },
            { header: 'STATE', value: (s) => s.phase },
            {
              header: 'DONE',
              value: (s) => (s.progress ? `${s.progress.percent}%` : '-'),
              align: 'right',
            },
            {
              header: 'BYTES',
              value: (s) => (s.progress ? formatBytes(s.progress.bytes) : '-'),
              align: 'right',
            },
            { header: 'RATE', value: (s) => s.progress?.rate ?? '-', align: 'right' },
            { header: 'CLUSTER', value: (s) => s.cluster },
            { header: 'FROM -> TO', value: (s) => `${s.source} -> ${s.target}`, flexible: true },
          ]),
        );
      }),
    );

  data
    .command('resume')
    .description('run an ended copy again: what arrived is kept, the rest follows')
    .argument('<id>')
    .action(async (id: string, _options: unknown, command: Command) =>
      withWorkspace(command, async (ws) => {
        const row = rowOf(ws, id);
        await resumeCopy(
          { cluster: row.cluster, transport: ws.cluster(row.cluster).transport },
          row,
          store(ws),
        );
        console.log(`copy ${id} resumed`);
      }),
    );

  data
    .command('cancel')
    .description('stop a copy (asks first); the partial files stay for a resume')
    .argument('<id>')
    .option('-y, --yes', 'do not ask')
    .action(async (id: string, options: { yes?: boolean }, command: Command) =>
      withWorkspace(command, async (ws) => {
        const row = rowOf(ws, id);
        const via = await askFirst(
          `stop copy ${id} (${row.source} -> ${row.target})?`,
          options.yes,
          'nothing was stopped',
        );
        if (!via) return;
        const stopped = await ws.audit.run(
          {
            action: 'data.cancel',
            cluster: row.cluster,
            target: { id },
            confirmedVia: via,
          },
          () =>
            cancelCopy({ cluster: row.cluster, transport: ws.cluster(row.cluster).transport }, row),
        );
        console.log(stopped ? `copy ${id} stopped` : `copy ${id} was not running`);
      }),
    );

  data
    .command('attach')
    .description("watch rsync's own output in tmux (detach with ctrl-b d)")
    .argument('<id>')
    .option('--print', 'print the command instead of running it')
    .action(async (id: string, options: { print?: boolean }, command: Command) =>
      withWorkspace(command, async (ws) => {
        const row = rowOf(ws, id);
        const remote = [
          'tmux',
          '-L',
          COPY_TMUX_SOCKET,
          'attach-session',
          '-t',
          `=${copyTmuxName(id)}`,
        ];
        await runInteractive(
          interactiveArgv(ws.cluster(row.cluster).config, remote),
          options.print,
        );
      }),
    );
}

const store = (ws: Workspace) => createCopyStore(ws.db);

/** Runs a read-only command on a host that sees `path`; a failure says what the host said. */
async function onHostSeeing(ws: Workspace, command: Command, path: string, argv: string[]) {
  const site = command.optsWithGlobals<{ site?: string }>().site;
  const cluster = site ? siteDataClusterFor(ws.config(), site, path, 'exec') : ws.clusterName();
  const transport = ws.cluster(cluster).transport;
  const result = await transport.exec(argv, { timeoutMs: 120_000 });
  if (result.exitCode !== 0) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `${argv[0]} ${path} on ${transport.target}: ${cleanClusterText(result.stderr).trim()}`,
      {
        hint: 'Check the path (and that this host mounts it: `slurmdeck site route --path PATH`).',
      },
    );
  }
  return result;
}

function rowOf(ws: Workspace, id: string): CopyRow {
  return store(ws).require(id, '`slurmdeck data status` lists the copies started from here.');
}

function printOne(s: CopyState): void {
  const bar = s.progress
    ? `[${'#'.repeat(Math.round(s.progress.percent / 5)).padEnd(20, '.')}] ${s.progress.percent}%`
    : '';
  console.log(`copy ${s.id} on ${s.cluster}: ${s.phase}${s.meaning ? ` (${s.meaning})` : ''}`);
  console.log(`  ${s.source} -> ${s.target}`);
  if (s.progress) {
    console.log(
      `  ${bar}  ${formatBytes(s.progress.bytes)}  ${s.progress.rate}  ${s.phase === 'running' ? `eta ${s.progress.eta}` : ''}`,
    );
  }
  for (const e of s.errors) console.log(`  ${e}`);
  if (s.hint && s.phase !== 'done' && s.phase !== 'running') console.log(`  ${s.hint}`);
}

function streams(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 32) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `--parallel ${value} is not a number of streams`, {
      hint: 'Give 1 to 32, e.g. --parallel 4 (more streams help with many files on a parallel filesystem).',
    });
  }
  return n;
}

function bandwidth(value: string): number {
  const kbps = Number(value);
  if (!Number.isInteger(kbps) || kbps <= 0) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `--bwlimit ${value} is not a rate`, {
      hint: 'Give whole KiB per second, e.g. --bwlimit 50000 for about 50 MB/s.',
    });
  }
  return kbps;
}
