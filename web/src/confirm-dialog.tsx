import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from './i18n.js';

interface Props {
  title: string;
  summary: string;
  confirmLabel: string;
  busy: boolean;
  error: string | undefined;
  onConfirm: () => void;
  onClose: () => void;
  /** More than the summary: e.g. the exact list of jobs a bulk cancel ends. */
  children?: ComponentChildren;
}

/**
 * Asks before acting, with the server's own summary of what will happen. A modal <dialog> keeps
 * focus inside and closes on Escape; Enter confirms (the confirm button is the form's submit).
 */
export function ConfirmDialog(props: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onClose={props.onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.busy) props.onConfirm();
        }}
      >
        <h2 id="confirm-title">{props.title}</h2>
        <p data-testid="confirm-summary">{props.summary}</p>
        {props.children}
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        <div class="toolbar end">
          <button type="button" onClick={() => ref.current?.close()}>
            {t('back')}
          </button>
          <button type="submit" class="primary" disabled={props.busy} autoFocus>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
