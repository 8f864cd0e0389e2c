import { isSlurmdeckError } from '../core/errors.js';
import { createSjtuApi } from './api/sjtu-api.js';
import { parseQuotaAnswer, type StorageQuotaEntry } from './quota-answer.js';
import type { SiteProfile } from './profile-schema.js';

export type { StorageQuotaEntry } from './quota-answer.js';

/** Storage quota from the site's API, or in one line why there is none to show. */
export type StorageQuota =
  { entries: StorageQuotaEntry[]; errors?: string[] } | { unavailable: string };

/** `status` waits this long at most for the site API: the rest of status is worth more. */
const STATUS_API_TIMEOUT_MS = 5_000;

type QuotaReader = (type: 'user' | 'account', name: string) => Promise<unknown>;

/**
 * The user's and their accounts' storage quota (used/limit, per pool where the API says), from
 * the site API's `GET /quota` (no login needed). A site without an API, or one that does not
 * answer, gives `unavailable` with the reason, never an error: status shows the rest anyway.
 */
export async function siteStorageQuota(
  site: string,
  profile: SiteProfile,
  who: { user: string; accounts: readonly string[] },
  read: QuotaReader | undefined = quotaReaderOf(profile),
): Promise<StorageQuota> {
  if (!read) return { unavailable: `site ${site} has no API that reports storage quota` };
  const asked = [
    { scope: 'user' as const, name: who.user },
    ...[...new Set(who.accounts)].map((name) => ({ scope: 'account' as const, name })),
  ];
  const answers = await Promise.all(
    asked.map(async ({ scope, name }) => {
      try {
        return { entries: parseQuotaAnswer(await read(scope, name), scope, name) };
      } catch (error) {
        return { error: `${scope} ${name}: ${reasonOf(error)}` };
      }
    }),
  );
  const entries = answers.flatMap((a) => a.entries ?? []);
  const errors = answers.flatMap((a) => (a.error ? [a.error] : []));
  if (entries.length === 0 && errors.length > 0) {
    const base = profile.api?.base ?? 'the site API';
    return { unavailable: `the site API (${base}) did not answer: ${errors[0] as string}` };
  }
  return { entries, ...(errors.length ? { errors } : {}) };
}

function quotaReaderOf(profile: SiteProfile): QuotaReader | undefined {
  if (profile.api?.kind !== 'sjtu') return undefined;
  const api = createSjtuApi({ base: profile.api.base, timeoutMs: STATUS_API_TIMEOUT_MS });
  return (type, name) => api.quota(type, name);
}

function reasonOf(error: unknown): string {
  if (isSlurmdeckError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
