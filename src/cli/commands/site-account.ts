import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import {
  parseQuotaAnswer,
  requestCertificate,
  siteLogin,
  siteProfile,
  siteQuota,
  siteRefresh,
  updateSiteAccount,
} from '../../sites/index.js';
import { storageLines } from '../../workspace/index.js';
import { requireSite } from '../context.js';
import { printJson } from '../format.js';
import { readPassword, type PasswordSource } from '../password.js';

/** `site login|refresh|cert|account|quota`: the site's own API (SJTU's first). */
export function registerSiteAccount(site: Command): void {
  site
    .command('login')
    .description(
      "log in to the site's API: the password is typed (no echo) or read from a 0600 file, never kept",
    )
    .requiredOption('--user <name>', 'your account at the site')
    .option('--password-file <file>', 'read the password from this file (mode 0600)')
    .option('--remove-password-file', 'delete the password file after reading it')
    .action(async (options: PasswordSource & { user: string }, command: Command) => {
      const ctx = contextOf(command);
      const password = await readPassword(`Password for ${options.user} at ${ctx.site}: `, options);
      const stored = await siteLogin(ctx, options.user, password);
      console.log(
        `Logged in to ${ctx.site} as ${stored.owner}${stored.expiresAt ? `; the token lasts until ${stored.expiresAt}` : ''}.`,
      );
    });

  site
    .command('refresh')
    .description('renew the site API token before it expires')
    .action(async (_options: unknown, command: Command) => {
      const stored = await siteRefresh(contextOf(command));
      console.log(`Token renewed${stored.expiresAt ? ` until ${stored.expiresAt}` : ''}.`);
    });

  site
    .command('cert')
    .description('request an SSH key and certificate (approve it in your app or by email)')
    .argument('<action>', 'request')
    .option('--valid-time <seconds>', 'how long the certificate lasts', '3600')
    .action(async (action: string, options: { validTime: string }, command: Command) => {
      if (action !== 'request') {
        throw new SlurmdeckError('INVALID_ARGUMENT', `unknown action "${action}"`, {
          hint: 'Use: site cert request',
        });
      }
      const validSeconds = Number(options.validTime);
      if (!Number.isInteger(validSeconds) || validSeconds < 60) {
        throw new SlurmdeckError(
          'INVALID_ARGUMENT',
          `--valid-time ${options.validTime} is not a number of seconds`,
          {
            hint: 'Give whole seconds, at least 60 (default 3600).',
          },
        );
      }
      const cert = await whileApproving((wait) =>
        requestCertificate(contextOf(command), { validSeconds, ...wait }),
      );
      console.log(
        `Certificate for ${cert.owner} stored${cert.expires ? `, valid until ${cert.expires.toISOString()}` : ''}:`,
      );
      console.log(`  ${cert.identityFile}\n  ${cert.certificateFile}`);
    });

  site
    .command('account')
    .description(
      'change your account at the site: email, jAccount binding, preferred contact, password (approve it in your app or by email)',
    )
    .argument('<action>', 'update')
    .option('--email <address>', 'a new email address')
    .option('--jaccount <name>', 'bind this jAccount')
    .option('--contact <channel>', 'where approvals go: email, jaccount or phone')
    .option('--new-password', 'set a new password: typed twice (no echo), or --password-file')
    .option('--password-file <file>', 'read the new password from this file (mode 0600)')
    .option('--remove-password-file', 'delete the password file after reading it')
    .action(async (action: string, options: AccountOptions, command: Command) => {
      if (action !== 'update') {
        throw new SlurmdeckError('INVALID_ARGUMENT', `unknown action "${action}"`, {
          hint: 'Use: site account update --email ADDRESS (or --jaccount, --contact, --new-password)',
        });
      }
      const ctx = contextOf(command);
      const change = {
        ...(options.email !== undefined ? { email: checkEmail(options.email) } : {}),
        ...(options.jaccount !== undefined ? { jaccount: options.jaccount } : {}),
        ...(options.contact !== undefined ? { contact: checkContact(options.contact) } : {}),
        ...(options.newPassword || options.passwordFile
          ? { password: await newPassword(ctx.site, options) }
          : {}),
      };
      const done = await whileApproving((wait) => updateSiteAccount(ctx, change, wait));
      console.log(`Changed at ${ctx.site} for ${done.owner}: ${done.changed.join(', ')}.`);
    });

  site
    .command('quota')
    .description("your and your account's storage quota, from the site's API")
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const quota = await siteQuota(contextOf(command));
      if (options.json) return printJson(quota);
      // The same lines as status --site; an answer in no shape we read is shown as it came.
      const entries = [
        ...parseQuotaAnswer(quota.userQuota, 'user', quota.user),
        ...(quota.account ? parseQuotaAnswer(quota.accountQuota, 'account', quota.account) : []),
      ];
      if (entries.length > 0) return console.log(storageLines({ entries }).join('\n'));
      console.log(`user ${quota.user}: ${JSON.stringify(quota.userQuota)}`);
      if (quota.account)
        console.log(`account ${quota.account}: ${JSON.stringify(quota.accountQuota)}`);
    });
}

interface AccountOptions extends PasswordSource {
  email?: string;
  jaccount?: string;
  contact?: string;
  newPassword?: boolean;
}

const CONTACTS = ['email', 'jaccount', 'phone'] as const;

function checkContact(value: string): (typeof CONTACTS)[number] {
  const found = CONTACTS.find((c) => c === value);
  if (!found) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `--contact ${value} is not a channel`, {
      hint: `Use one of: ${CONTACTS.join(', ')}.`,
    });
  }
  return found;
}

function checkEmail(value: string): string {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `--email ${value} is not an email address`, {
      hint: 'Give it as name@example.edu.',
    });
  }
  return value;
}

/** From the file, or typed twice on the terminal: a typo would lock the user out. */
async function newPassword(site: string, source: PasswordSource): Promise<string> {
  const first = await readPassword(`New password at ${site}: `, source);
  if (source.passwordFile) return first;
  const again = await readPassword('Type it again: ', source);
  if (again !== first) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'the two passwords differ', {
      hint: 'Nothing was sent; run the command again.',
    });
  }
  return first;
}

/**
 * Runs a request the user must approve on their second channel: says so once it is with the
 * site, reports every 30 s while waiting (up to ten minutes), and cancels on Ctrl-C.
 */
async function whileApproving<T>(
  request: (wait: { signal: AbortSignal; onWaiting: () => void }) => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  let ticker: NodeJS.Timeout | undefined;
  const started = Date.now();
  try {
    return await request({
      signal: abort.signal,
      onWaiting: () => {
        console.error(
          'Approve the request in your app or email now (waiting up to 10 minutes; Ctrl-C cancels).',
        );
        ticker = setInterval(
          () => console.error(`  still waiting (${Math.round((Date.now() - started) / 1000)} s)`),
          30_000,
        );
      },
    });
  } finally {
    clearInterval(ticker);
    process.off('SIGINT', stop);
  }
}

function contextOf(command: Command) {
  const site = requireSite(command);
  return { site, profile: siteProfile(site).profile };
}
