import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { resubmitResponse } from '../../src/server/schemas.js';
import { cluster, clusterPath, get } from './api.js';
import { Failure } from './failure.js';
import { t } from './i18n.js';
import type { Form } from './submit-page.js';
import type { SubmitRequestBody } from './types.js';

type Resubmit = z.infer<typeof resubmitResponse>;
/** Options of the job being resubmitted that the form shows no field for. */
export type ExtraOptions = Partial<Omit<SubmitRequestBody, 'dryRun' | 'confirmToken'>>;

/** The job's options split into the form's fields and the rest, which is sent along as it is. */
export function formOfJob(options: Resubmit['options']): { form: Form; extra: ExtraOptions } {
  const {
    scriptText,
    scriptPath,
    wrap,
    partition,
    gpus,
    cpusPerTask,
    mem,
    time,
    jobName,
    ...extra
  } = options;
  const kind =
    scriptText !== undefined ? 'scriptText' : scriptPath !== undefined ? 'scriptPath' : 'wrap';
  const form: Form = {
    partition: partition ?? '',
    gpus: gpus ?? '',
    cpus: cpusPerTask === undefined ? '' : String(cpusPerTask),
    mem: mem ?? '',
    time: time ?? '',
    jobName: jobName ?? '',
    kind,
    text: wrap ?? scriptText ?? scriptPath ?? '',
  };
  return { form, extra };
}

interface Props {
  extra: ExtraOptions;
  onLoaded: (form: Form, extra: ExtraOptions) => void;
  onRemove: (key: keyof ExtraOptions) => void;
}

/**
 * On `/submit?from=ID`: fills the form with that job's options (from what the cluster still
 * knows) and lists the options the form has no field for, each removable.
 */
export function ResubmitNotice({ extra, onLoaded, onRemove }: Props) {
  const from = new URLSearchParams(location.search).get('from');
  const [answer, setAnswer] = useState<Resubmit>();
  const [error, setError] = useState<Error>();
  const name = cluster.value;
  useEffect(() => {
    if (!from || !name) return;
    get<Resubmit>(`${clusterPath()}/jobs/${encodeURIComponent(from)}/resubmit`).then(
      (found) => {
        setAnswer(found);
        const { form, extra: rest } = formOfJob(found.options);
        onLoaded(form, rest);
      },
      (e: Error) => setError(e),
    );
  }, [from, name]);

  if (!from) return null;
  if (error) return <Failure error={error} />;
  if (!answer) return <p class="muted">{t('loading')}</p>;
  const rest = Object.entries(extra) as Array<[keyof ExtraOptions, unknown]>;
  return (
    <div class="notice" data-testid="resubmit-from">
      <p>
        {t('resubmitFrom')} <b>{answer.jobId}</b>
        {answer.source === 'accounting' ? ` (${t('fromAccounting')})` : ''}
      </p>
      {answer.notes.includes('no-script') ? <p>{t('resubmitNoScript')}</p> : null}
      {rest.length ? (
        <>
          <p class="muted">{t('alsoSent')}</p>
          <ul data-testid="extra-options">
            {rest.map(([key, value]) => (
              <li key={key} data-option={key}>
                <code>
                  {key} = {Array.isArray(value) ? value.join(' ') : String(value)}
                </code>{' '}
                <button
                  type="button"
                  aria-label={`${t('removeOption')} ${key}`}
                  onClick={() => onRemove(key)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
