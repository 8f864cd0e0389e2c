import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { clusterPath, post, status } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { errorText } from './failure.js';
import { dateTime } from './format.js';
import { t } from './i18n.js';
import { jobPath, navigate } from './router.js';
import { ResubmitNotice, type ExtraOptions } from './resubmit.js';
import type { SubmitRequestBody, SubmitResponse } from './types.js';

export interface Form {
  partition: string;
  gpus: string;
  cpus: string;
  mem: string;
  time: string;
  jobName: string;
  kind: 'wrap' | 'scriptText' | 'scriptPath';
  text: string;
}

export const EMPTY: Form = {
  partition: '',
  gpus: '',
  cpus: '',
  mem: '',
  time: '',
  jobName: '',
  kind: 'wrap',
  text: '',
};

/** The request body: only what the user filled in, so the cluster's defaults apply to the rest. */
export function bodyOf(form: Form, extra: ExtraOptions = {}): SubmitRequestBody {
  const body: SubmitRequestBody = { ...extra, [form.kind]: form.text };
  const given = (value: string) => value.trim() || undefined;
  const options = {
    partition: given(form.partition),
    gpus: given(form.gpus),
    mem: given(form.mem),
    time: given(form.time),
    jobName: given(form.jobName),
  };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) Object.assign(body, { [key]: value });
  }
  if (form.cpus.trim()) body.cpusPerTask = Number(form.cpus);
  return body;
}

function Field(props: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      {props.children}
      {props.hint ? <small class="muted">{props.hint}</small> : null}
    </label>
  );
}

/** A job from a form: dry run says when and where it would start; Submit asks first. */
export function SubmitPage() {
  const [form, setForm] = useState<Form>(EMPTY);
  // Options of a job being resubmitted that the form has no field for (work dir, gres...).
  const [extra, setExtra] = useState<ExtraOptions>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [dryRun, setDryRun] = useState<SubmitResponse>();
  const [asking, setAsking] = useState<SubmitResponse>();
  const partitions = status.data.value?.partitions ?? [];
  const path = `${clusterPath()}/jobs`;
  const set =
    (key: keyof Form) =>
    (e: Event): void =>
      setForm({ ...form, [key]: (e.target as HTMLInputElement).value });

  const send = async (more: Partial<SubmitRequestBody>, then: (r: SubmitResponse) => void) => {
    setBusy(true);
    setError(undefined);
    try {
      then(await post<SubmitResponse>(path, { ...bodyOf(form, extra), ...more }));
    } catch (e) {
      setError(errorText(e as Error));
      setAsking(undefined);
    } finally {
      setBusy(false);
    }
  };
  const onDryRun = () => void send({ dryRun: true }, (r) => setDryRun(r));
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void send({}, (r) => setAsking(r));
  };
  const onConfirm = () =>
    void send({ confirmToken: asking?.confirmToken }, (r) => {
      setAsking(undefined);
      if (r.jobId) navigate(jobPath(r.jobId));
    });
  const estimate = dryRun?.estimate;

  return (
    <>
      <h1>{t('submit')}</h1>
      <ResubmitNotice
        extra={extra}
        onLoaded={(loaded, rest) => (setForm(loaded), setExtra(rest))}
        onRemove={(key) => {
          const { [key]: _removed, ...rest } = extra;
          setExtra(rest);
        }}
      />
      <div class="columns">
        <form class="form" onSubmit={onSubmit} aria-describedby="submit-error">
          <Field label={t('partition')}>
            <select value={form.partition} onChange={set('partition')} name="partition">
              <option value="">{t('defaultPartition')}</option>
              {partitions.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                  {p.isDefault ? ' *' : ''} · GPU {p.gpus.idle}/{p.gpus.total} · CPU {p.cpus.idle}/
                  {p.cpus.total}
                </option>
              ))}
            </select>
          </Field>
          <div class="row">
            <Field label={t('gpus')} hint={t('gpusHint')}>
              <input name="gpus" value={form.gpus} onInput={set('gpus')} />
            </Field>
            <Field label={t('cpus')}>
              <input
                name="cpus"
                type="number"
                min={1}
                inputMode="numeric"
                value={form.cpus}
                onInput={set('cpus')}
              />
            </Field>
            <Field label={t('memory')} hint={t('memHint')}>
              <input name="mem" value={form.mem} onInput={set('mem')} />
            </Field>
            <Field label={t('limit')} hint={t('timeHint')}>
              <input name="time" value={form.time} onInput={set('time')} />
            </Field>
          </div>
          <Field label={t('name')}>
            <input name="jobName" value={form.jobName} onInput={set('jobName')} />
          </Field>
          <fieldset class="row">
            <legend>{t('what')}</legend>
            {(['wrap', 'scriptText', 'scriptPath'] as const).map((kind) => (
              <label key={kind}>
                <input
                  type="radio"
                  name="kind"
                  checked={form.kind === kind}
                  onChange={() => setForm({ ...form, kind })}
                />{' '}
                {t(kind)}
              </label>
            ))}
          </fieldset>
          {form.kind === 'wrap' ? (
            <Field label={t('wrap')}>
              <input
                name="wrap"
                class="mono"
                required
                value={form.text}
                onInput={set('text')}
                placeholder="python train.py"
              />
            </Field>
          ) : form.kind === 'scriptPath' ? (
            <Field label={t('scriptPath')}>
              <input
                name="scriptPath"
                class="mono"
                required
                value={form.text}
                onInput={set('text')}
                placeholder="/home/me/train.sh"
              />
            </Field>
          ) : (
            <Field label={t('scriptText')}>
              <textarea
                name="scriptText"
                class="mono"
                rows={10}
                required
                value={form.text}
                onInput={set('text')}
                placeholder={'#!/bin/bash\n#SBATCH ...'}
              />
            </Field>
          )}
          <div class="toolbar">
            <button type="button" disabled={busy} onClick={onDryRun}>
              {t('dryRun')}
            </button>
            <button type="submit" class="primary" disabled={busy}>
              {t('submit')}
            </button>
          </div>
        </form>
        <aside aria-live="polite">
          {error ? (
            <p class="error" role="alert" id="submit-error" data-testid="submit-error">
              {error}
            </p>
          ) : null}
          {dryRun && estimate ? (
            <div class="notice" data-testid="dry-run">
              <p>{dryRun.summary}</p>
              <p>
                {t('wouldStart')} <b>{dateTime(estimate.startTime)}</b> · {t('nodes')}{' '}
                <b>{estimate.nodes}</b> · {t('partition')} <b>{estimate.partition}</b> ·{' '}
                {estimate.processors} CPU
              </p>
            </div>
          ) : null}
        </aside>
      </div>
      {asking ? (
        <ConfirmDialog
          title={t('confirmSubmit')}
          summary={asking.summary}
          confirmLabel={t('submit')}
          busy={busy}
          error={error}
          onConfirm={onConfirm}
          onClose={() => setAsking(undefined)}
        />
      ) : null}
    </>
  );
}
