import type { Command } from 'commander';
import { credentialsRoot, listCredentials } from '../../sites/index.js';
import { printJson } from '../format.js';
import { renderTable } from '../table.js';

export function registerCred(program: Command): void {
  const cred = program
    .command('cred')
    .description('credentials for sites: API tokens, SSH keys and certificates (never shown)');

  cred
    .command('list')
    .description('kind, site, owner and expiry of every stored credential')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const entries = await listCredentials();
      if (options.json) return printJson(entries);
      if (entries.length === 0) {
        console.log(`No credentials stored yet (folder: ${credentialsRoot()}).`);
        return;
      }
      console.log(
        renderTable(entries, [
          { header: 'SITE', value: (e) => e.site },
          { header: 'KIND', value: (e) => e.kind },
          { header: 'OWNER', value: (e) => e.owner ?? '' },
          { header: 'EXPIRES', value: (e) => e.expires?.replace(/:\d\d\.\d+Z$/, 'Z') ?? 'never' },
          { header: 'STATUS', value: (e) => e.status },
          { header: 'FILE', value: (e) => e.file, flexible: true },
        ]),
      );
      for (const e of entries.filter((x) => x.status !== 'ok')) {
        console.error(`${e.file}: ${e.note ?? whatToDo(e.status)}`);
      }
    });
}

function whatToDo(status: string): string {
  return status === 'expired'
    ? 'expired: request a new one from the site'
    : 'past two thirds of its life: renew it soon';
}
