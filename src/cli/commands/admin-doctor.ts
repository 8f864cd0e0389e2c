import type { Command } from 'commander';
import { openAdminSession, runDoctor, type DoctorReport, type Finding } from '../../admin/index.js';
import { withCluster } from '../context.js';
import { printJson } from '../format.js';
import { concurrencyOf, targetOptions, targetSpec, type AdminFlags } from './admin-options.js';
import { describeController, renderPlan } from './admin-format.js';

export function registerAdminDoctor(admin: Command): void {
  targetOptions(admin.command('doctor'))
    .description('diagnose nodes: what is wrong, the evidence, and the fix')
    .action(async (nodes: string | undefined, flags: AdminFlags, command: Command) => {
      const spec = targetSpec(nodes, flags);
      const concurrency = concurrencyOf(flags);
      await withCluster(command, async (cluster) => {
        const session = openAdminSession(cluster);
        try {
          const targets = await session.selectTargets(spec);
          if (targets.length === 0) {
            console.error('no node matches');
            return flags.json ? printJson({ rows: [] }) : undefined;
          }
          if (flags.dryRun) {
            const plan = session.plan(targets, 'read facts and diagnose (changes nothing)');
            return flags.json
              ? printJson({ dryRun: true, rows: plan })
              : console.log(renderPlan(plan));
          }
          const report = await runDoctor(session.access, targets, {
            ...(concurrency ? { concurrency } : {}),
          });
          if (report.rows.some((r) => r.outcome === 'failed') || report.controllerFindings.length) {
            process.exitCode = 1;
          }
          if (flags.json) return printJson(report);
          console.log(renderDoctor(report));
        } finally {
          await session.close();
        }
      });
    });
}

/** Per node: healthy, or each finding with its evidence and fix. */
export function renderDoctor(report: DoctorReport): string {
  const lines = [describeController(report.controller)];
  for (const finding of report.controllerFindings) {
    lines.push(...describeFinding('controller', finding));
  }
  for (const row of report.rows) {
    if (!row.detail) {
      lines.push(`${row.node}: FAILED to read: ${row.summary}`);
      if (row.error?.hint) lines.push(`  hint: ${row.error.hint}`);
      continue;
    }
    if (row.detail.findings.length === 0) {
      lines.push(`${row.node}: healthy`);
      continue;
    }
    for (const finding of row.detail.findings) lines.push(...describeFinding(row.node, finding));
  }
  return lines.join('\n');
}

function describeFinding(where: string, finding: Finding): string[] {
  return [
    `${where}: ${finding.severity.toUpperCase()} ${finding.code}: ${finding.problem}`,
    ...finding.evidence.map((evidence) => `  - ${evidence}`),
    `  fix: ${finding.fix}`,
  ];
}
