import { signal } from '@preact/signals';
import { useState } from 'preact/hooks';
import type {
  AdminAccessResponse,
  AdminDoctorResponse,
  StateChangeResponse,
} from '../../src/server/admin-schemas.js';
import type { NodeView } from '../../src/server/schemas.js';
import { clusterPath, get, loadStatus } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { useConfirmedAction } from './confirmed-action.js';
import { errorText } from './failure.js';
import { t } from './i18n.js';
import { NodeChanges } from './node-changes.js';
import { Diagnosis } from './node-diagnosis.js';

/** The shown cluster's admin access, when the signed-in user has the admin role; else undefined. */
export const adminAccess = signal<AdminAccessResponse | undefined>(undefined);

/** Asks once per cluster: a 403 (not an admin) or a cluster without admin access hides the actions. */
export async function loadAdminAccess(): Promise<void> {
  try {
    const access = await get<AdminAccessResponse>(`${clusterPath()}/admin`);
    adminAccess.value = access.configured ? access : undefined;
  } catch {
    adminAccess.value = undefined;
  }
}

function ChangeRows({ answer }: { answer: StateChangeResponse }) {
  return (
    <table data-testid="admin-result">
      <tbody>
        {answer.rows.map((r) => (
          <tr key={r.node} data-node={r.node} data-outcome={r.outcome}>
            <td>{r.node}</td>
            <td>{r.outcome}</td>
            <td>{r.summary}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One node's admin actions: diagnose, drain with a reason, resume; the changes ask first. */
export function NodeAdmin({ node, onClose }: { node: NodeView; onClose: () => void }) {
  const base = `${clusterPath()}/admin`;
  const [reason, setReason] = useState('');
  const [force, setForce] = useState(false);
  const [diagnosis, setDiagnosis] = useState<AdminDoctorResponse>();
  const [diagnosing, setDiagnosing] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [result, setResult] = useState<StateChangeResponse>();
  const after = async (answer: StateChangeResponse) => {
    setResult(answer);
    await loadStatus();
  };
  const drain = useConfirmedAction<StateChangeResponse>(`${base}/drain`, after);
  const resume = useConfirmedAction<StateChangeResponse>(`${base}/resume`, after);
  const doctor = async () => {
    setDiagnosing(true);
    setFailure(undefined);
    try {
      setDiagnosis(
        await get<AdminDoctorResponse>(`${base}/doctor?nodes=${encodeURIComponent(node.name)}`),
      );
    } catch (e) {
      setFailure(errorText(e as Error));
    } finally {
      setDiagnosing(false);
    }
  };
  const action = drain.asking ? drain : resume.asking ? resume : undefined;
  const asking = action?.asking;
  return (
    <section
      class="admin-panel"
      data-testid="node-admin"
      aria-label={`${t('manage')} ${node.name}`}
    >
      <div class="toolbar">
        <h2>
          {t('adminOf')} {node.name}
        </h2>
        <span class="pill">{node.stateRaw}</span>
        {node.reason ? <span class="muted">{node.reason}</span> : null}
        <span class="spacer" />
        <button onClick={() => void doctor()} disabled={diagnosing}>
          {diagnosing ? t('diagnosing') : t('doctor')}
        </button>
        <button onClick={onClose}>{t('back')}</button>
      </div>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setResult(undefined);
          void drain.ask({ nodes: node.name, reason });
        }}
      >
        <input
          name="reason"
          aria-label={t('drainReason')}
          placeholder={t('drainReason')}
          value={reason}
          maxLength={180}
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="danger" disabled={drain.busy || reason.trim() === ''}>
          {t('drain')}
        </button>
        <label>
          <input
            type="checkbox"
            name="force"
            checked={force}
            onChange={(e) => setForce((e.target as HTMLInputElement).checked)}
          />{' '}
          {t('forceResume')}
        </label>
        <button
          type="button"
          disabled={resume.busy}
          onClick={() => {
            setResult(undefined);
            void resume.ask({ nodes: node.name, ...(force ? { force: true } : {}) });
          }}
        >
          {t('resume')}
        </button>
      </form>
      <NodeChanges node={node} />
      {[failure, drain.error, resume.error].filter(Boolean).map((text) => (
        <p key={text} class="error" role="alert">
          {text}
        </p>
      ))}
      {action && asking?.status === 'nothing_to_do' ? (
        <div class="notice" role="status" data-testid="admin-nothing">
          <b>{t('nothingToDo')}</b>
          <ChangeRows answer={asking} />
          <button onClick={() => action.dismiss()}>{t('back')}</button>
        </div>
      ) : null}
      {action && asking?.status === 'confirmation_required' ? (
        <ConfirmDialog
          title={drain.asking ? t('drainTitle') : t('resumeTitle')}
          summary={asking.summary.split('\n')[0] ?? ''}
          confirmLabel={drain.asking ? t('drain') : t('resume')}
          busy={action.busy}
          error={action.error}
          onConfirm={() => void action.confirm()}
          onClose={action.dismiss}
        >
          <ChangeRows answer={asking} />
        </ConfirmDialog>
      ) : null}
      {result ? <ChangeRows answer={result} /> : null}
      {diagnosis ? <Diagnosis report={diagnosis} /> : null}
    </section>
  );
}
