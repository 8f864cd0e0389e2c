import type { Command } from 'commander';
import { runDoctor, type DoctorReport, type Finding } from '../../admin/index.js';
import { printJson } from '../format.js';
import { targetOptions, withAdminTargets, type AdminFlags } from './admin-options.js';
import { describeController } from './admin-format.js';

export function registerAdminDoctor(admin: Command): void {
  targetOptions(admin.command('doctor'))
    .description('diagnose nodes: what is wrong, the evidence, and the fix')
    .action(async (nodes: string | undefined, flags: AdminFlags, command: Command) =>
      withAdminTargets(
        command,
        nodes,
        flags,
        'read facts and diagnose (changes nothing)',
        async (session, targets, options) => {
          const report = await runDoctor(session.access, targets, options);
          if (report.rows.some((r) => r.outcome === 'failed') || report.controllerFindings.length) {
            process.exitCode = 1;
          }
          if (flags.json) return printJson(report);
          console.log(renderDoctor(report));
        },
      ),
    );
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
