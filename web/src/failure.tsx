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

/** An API error as one line: what went wrong, then what to do about it. */
export function errorText(error: Error): string {
  const hint = error instanceof HttpError ? error.hint : undefined;
  return hint ? `${error.message} ${hint}` : error.message;
}
