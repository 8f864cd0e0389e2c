import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import {
  requestCertificate,
  siteLogin,
  siteProfile,
  siteQuota,
  siteRefresh,
} from '../../sites/index.js';
import { requireSite } from '../context.js';
import { printJson } from '../format.js';
import { readPassword, type PasswordSource } from '../password.js';

/** `site login|refresh|cert|quota`: the site's own API (SJTU's first). */
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
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      let ticker: NodeJS.Timeout | undefined;
      try {
        const started = Date.now();
        const cert = await requestCertificate(contextOf(command), {
          validSeconds,
          signal: abort.signal,
          onWaiting: () => {
            console.error(
              'Approve the request in your app or email now (waiting up to 10 minutes; Ctrl-C cancels).',
            );
            ticker = setInterval(
              () =>
                console.error(`  still waiting (${Math.round((Date.now() - started) / 1000)} s)`),
              30_000,
            );
          },
        });
        console.log(
          `Certificate for ${cert.owner} stored${cert.expires ? `, valid until ${cert.expires.toISOString()}` : ''}:`,
        );
        console.log(`  ${cert.identityFile}\n  ${cert.certificateFile}`);
      } finally {
        clearInterval(ticker);
        process.off('SIGINT', stop);
      }
    });

  site
    .command('quota')
    .description("your and your account's storage quota, from the site's API")
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const quota = await siteQuota(contextOf(command));
      if (options.json) return printJson(quota);
      console.log(`user ${quota.user}: ${JSON.stringify(quota.userQuota)}`);
      if (quota.account)
        console.log(`account ${quota.account}: ${JSON.stringify(quota.accountQuota)}`);
    });
}

function contextOf(command: Command) {
  const site = requireSite(command);
  return { site, profile: siteProfile(site).profile };
}
