import { cleanClusterText } from '../../core/clean-text.js';
import { SlurmdeckError } from '../../core/errors.js';

/** What a site's own documentation says to do when no second login factor is bound. */
const SECURITY_DOCS = 'https://docs.hpc.sjtu.edu.cn/accounts/security.html';
const SUPPORT = 'hpc@sjtu.edu.cn';

/**
 * A refused or failed site API call as an error that says what to do. The body is the site's
 * text (untrusted): cleaned and cut, and never holds what we sent.
 */
export function siteApiError(what: string, status: number, body: string): SlurmdeckError {
  const said = cleanClusterText(body).replace(/\s+/g, ' ').trim().slice(0, 300);
  const data = { status };
  if (status >= 500) {
    const session = /session[\s_-]*id\W{0,3}([A-Za-z0-9-]{4,})/i.exec(said)?.[1];
    return new SlurmdeckError(
      'SLURM_UNAVAILABLE',
      `${what}: the site's API failed (${status})${said ? `: ${said}` : ''}`,
      {
        hint: session
          ? `Write to ${SUPPORT} quoting session id ${session}.`
          : `Retry later; if it keeps failing, write to ${SUPPORT} with the time of the failure.`,
        data: { ...data, ...(session ? { session } : {}) },
      },
    );
  }
  if (/not set (?:an? )?(?:email|e-mail)|jAccount/i.test(said)) {
    return new SlurmdeckError(
      'NOT_PERMITTED',
      `${what}: no second login channel is bound to the account`,
      {
        hint: `Bind an email address or jAccount first, as ${SECURITY_DOCS} describes, then try again.`,
        data,
      },
    );
  }
  if (status === 401) {
    return new SlurmdeckError(
      'CREDENTIALS_INVALID',
      `${what}: the site refused the credentials${said ? `: ${said}` : ''}`,
      {
        hint: 'Log in again: `slurmdeck site login --site SITE`.',
        data,
      },
    );
  }
  return new SlurmdeckError(
    'NOT_PERMITTED',
    `${what}: the site refused (${status})${said ? `: ${said}` : ''}`,
    {
      hint: 'The site’s message says why; fix that and try again.',
      data,
    },
  );
}
