import { SlurmdeckError } from '../../core/errors.js';
import { siteApiError } from './api-error.js';
import { httpCall, type HttpCall } from './http-call.js';

export interface SjtuApiOptions {
  base: string;
  /** The account domain the API serves (the site's own scripts send "pi"). */
  domain?: string;
  timeoutMs?: number;
}

export interface QuotaEntry {
  [key: string]: unknown;
}

/** How long a certificate request may wait for the user's approval. */
export const APPROVAL_WAIT_MS = 10 * 60_000;

/** What `PATCH /user` may change; each change waits for the user's approval on a second channel. */
export interface AccountChange {
  password?: string;
  email?: string;
  jaccount?: string;
  /** Where approvals and notices go. */
  contact?: 'email' | 'jaccount' | 'phone';
}

/**
 * SJTU's HPC API, as its documentation and its own scripts use it: POST /token (password ->
 * bearer token), PATCH /token (refresh), GET /user, PATCH /user (password, email, jAccount
 * binding, preferred contact; blocks until approved), GET /quota (no auth), POST /gen_key and
 * POST /sign_cert (blocks until the user approves on the phone app or by email).
 */
export function createSjtuApi(options: SjtuApiOptions) {
  const domain = options.domain ?? 'pi';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const at = (path: string, query: Record<string, string> = {}) => {
    const url = new URL(
      path.replace(/^\//, ''),
      options.base.endsWith('/') ? options.base : `${options.base}/`,
    );
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  };
  const call = async (what: string, c: Omit<HttpCall, 'timeoutMs'> & { timeoutMs?: number }) => {
    const answer = await httpCall({ timeoutMs, ...c });
    if (answer.status < 200 || answer.status >= 300)
      throw siteApiError(what, answer.status, answer.text);
    return answer.text;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const json = (what: string, text: string): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // fall through: the answer is not what the API documents
    }
    throw new SlurmdeckError(
      'SLURM_PARSE',
      `${what}: the site API answered something other than a JSON object`,
      {
        hint: 'The API may have changed; report it with the site name.',
      },
    );
  };

  return {
    async login(operator: string, password: string, signal?: AbortSignal): Promise<string> {
      const text = await call('log in', {
        method: 'POST',
        url: at('/token'),
        body: { domain, operator, password },
        ...(signal ? { signal } : {}),
      });
      return bareToken(text);
    },

    async refresh(token: string): Promise<string> {
      return bareToken(
        await call('refresh the token', {
          method: 'PATCH',
          url: at('/token'),
          headers: bearer(token),
          body: {},
        }),
      );
    },

    async user(token: string, name: string): Promise<Record<string, unknown>> {
      return json(
        'read the account',
        await call('read the account', {
          method: 'GET',
          url: at('/user', { name, domain }),
          headers: bearer(token),
        }),
      );
    },

    /** Resolves once the user approved the change on their second channel (or the wait ends). */
    async updateUser(
      token: string,
      name: string,
      change: AccountChange,
      signal?: AbortSignal,
    ): Promise<void> {
      const { password, email, jaccount, contact } = change;
      await call('change the account', {
        method: 'PATCH',
        url: at('/user'),
        headers: bearer(token),
        body: {
          domain,
          name,
          ...(password !== undefined ? { password } : {}),
          ...(email !== undefined ? { email } : {}),
          ...(jaccount !== undefined ? { jaccount } : {}),
          ...(contact !== undefined ? { contact } : {}),
        },
        timeoutMs: APPROVAL_WAIT_MS,
        ...(signal ? { signal } : {}),
      });
    },

    async quota(type: 'account' | 'user', name: string): Promise<unknown> {
      const text = await call('read the quota', {
        method: 'GET',
        url: at('/quota', { quota_type: type, name }),
      });
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    },

    async generateKey(
      token: string,
      user: string,
    ): Promise<{ privateKey: string; publicKey: string }> {
      const answer = json(
        'make a key pair',
        await call('make a key pair', {
          method: 'POST',
          url: at('/gen_key'),
          headers: bearer(token),
          body: { domain, hpc_user: user },
        }),
      );
      const { private_key: privateKey, public_key: publicKey } = answer;
      if (typeof privateKey !== 'string' || typeof publicKey !== 'string') {
        throw new SlurmdeckError('SLURM_PARSE', 'make a key pair: the answer holds no key pair', {
          hint: 'The API may have changed; report it with the site name.',
        });
      }
      return { privateKey, publicKey };
    },

    /** Resolves once the user approved on their second channel (or the wait ends). */
    async signCertificate(
      token: string,
      user: string,
      publicKey: string,
      validSeconds: number,
      signal?: AbortSignal,
    ): Promise<string> {
      const text = await call('sign the certificate', {
        method: 'POST',
        url: at('/sign_cert'),
        headers: bearer(token),
        body: {
          domain,
          hpc_user: user,
          principals: [user],
          public_key: publicKey,
          valid_time: validSeconds,
        },
        timeoutMs: APPROVAL_WAIT_MS,
        ...(signal ? { signal } : {}),
      });
      const cert = text.trim();
      if (!/^ssh-[a-z0-9-]+-cert-v01@openssh\.com AAAA[A-Za-z0-9+/=]+/.test(cert)) {
        throw new SlurmdeckError(
          'SLURM_PARSE',
          'sign the certificate: the answer is not an SSH certificate',
          {
            hint: 'The API may have changed; report it with the site name.',
          },
        );
      }
      return `${cert}\n`;
    },
  };
}

export type SjtuApi = ReturnType<typeof createSjtuApi>;

/** The token alone, whether the API wrote "Bearer ..." before it or not. */
function bareToken(text: string): string {
  const token = text
    .trim()
    .replace(/^Bearer\s+/i, '')
    .replace(/^"|"$/g, '');
  if (!token || /\s/.test(token)) {
    throw new SlurmdeckError('SLURM_PARSE', 'the site API answered without a token', {
      hint: 'The API may have changed; report it with the site name.',
    });
  }
  return token;
}
