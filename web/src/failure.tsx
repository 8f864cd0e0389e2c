import { HttpError } from './api.js';
import { t } from './i18n.js';

export function Failure({ error }: { error: Error }) {
  if (error instanceof HttpError && error.status === 401) {
    return <p class="notice">{t('signIn')}</p>;
  }
  return (
    <p class="notice" role="alert">
      {t('error')}: {error.message}
    </p>
  );
}

/** An API error as one line: its code, what went wrong, then what to do about it. */
export function errorText(error: Error): string {
  if (!(error instanceof HttpError)) return error.message;
  return [error.code, error.message, error.hint].filter(Boolean).join(' · ');
}
