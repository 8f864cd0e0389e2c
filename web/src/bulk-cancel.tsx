import { useState } from 'preact/hooks';
import { clusterPath, loadJobs, post } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { errorText } from './failure.js';
import { t } from './i18n.js';
import type { CancelResponse } from './types.js';

interface Props {
  selected: readonly string[];
  onDone: () => void;
}

/**
 * "Cancel selected": the server answers with the exact list it would cancel and a token bound
 * to those ids; the dialog shows that list, and confirming sends the very same ids back.
 */
export function BulkCancel({ selected, onDone }: Props) {
  const [asking, setAsking] = useState<{ ids: string[]; answer: CancelResponse }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const path = `${clusterPath()}/jobs/cancel`;

  const ask = async () => {
    const ids = [...selected];
    setBusy(true);
    setError(undefined);
    try {
      setAsking({ ids, answer: await post<CancelResponse>(path, { jobIds: ids }) });
    } catch (e) {
      setError(errorText(e as Error));
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!asking) return;
    setBusy(true);
    try {
      await post<CancelResponse>(path, {
        jobIds: asking.ids,
        confirmToken: asking.answer.confirmToken,
      });
      setAsking(undefined);
      onDone();
      void loadJobs();
    } catch (e) {
      setError(errorText(e as Error));
      setAsking(undefined);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        class="danger"
        disabled={busy || selected.length === 0}
        onClick={() => void ask()}
        data-testid="cancel-selected"
      >
        {t('cancelSelected')} ({selected.length})
      </button>
      {error && !asking ? (
        <p class="error" role="alert" data-testid="bulk-error">
          {error}
        </p>
      ) : null}
      {asking ? (
        <ConfirmDialog
          title={t('confirmCancelSelected')}
          summary={asking.answer.summary}
          confirmLabel={t('cancelJobs')}
          busy={busy}
          error={error}
          onConfirm={() => void confirm()}
          onClose={() => setAsking(undefined)}
        >
          <ul data-testid="cancel-list">
            {asking.answer.jobs.map((j) => (
              <li key={j.id} data-job={j.id}>
                <b>{j.id}</b> {j.name} · {j.state} · {j.partition}
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
