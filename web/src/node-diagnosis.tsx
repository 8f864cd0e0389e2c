import type { AdminDoctorResponse } from '../../src/server/admin-schemas.js';
import { t } from './i18n.js';

type Finding = AdminDoctorResponse['controllerFindings'][number];

function FindingView({ where, finding }: { where: string; finding: Finding }) {
  return (
    <article class={`finding sev-${finding.severity}`} data-code={finding.code}>
      <h3>
        {where}: {finding.severity === 'error' ? t('findingError') : t('findingWarning')}{' '}
        <code>{finding.code}</code>
      </h3>
      <p>{finding.problem}</p>
      <b>{t('evidence')}</b>
      <ul class="mono">
        {finding.evidence.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      <p>
        <b>{t('fix')}</b> {finding.fix}
      </p>
    </article>
  );
}

/** The doctor's answer for the admin: per node healthy, or each finding with evidence and fix. */
export function Diagnosis({ report }: { report: AdminDoctorResponse }) {
  return (
    <div data-testid="diagnosis">
      {report.controllerFindings.map((f) => (
        <FindingView key={f.code} where={t('controller')} finding={f} />
      ))}
      {report.rows.map((row) =>
        !row.detail ? (
          <p key={row.node} class="error" data-node={row.node}>
            {row.node}: {t('unreadable')}: {row.summary}
          </p>
        ) : row.detail.findings.length === 0 ? (
          <p key={row.node} class="notice" data-node={row.node} data-healthy>
            {row.node}: {t('healthy')}
          </p>
        ) : (
          <div key={row.node} data-node={row.node}>
            {row.detail.findings.map((f) => (
              <FindingView key={f.code} where={row.node} finding={f} />
            ))}
          </div>
        ),
      )}
    </div>
  );
}
