import type { Command } from 'commander';
import { Option } from 'commander';
import { stringify } from 'yaml';
import {
  CAPABILITIES,
  WORK_KINDS,
  checkSiteReach,
  loadSiteProfiles,
  mapPath,
  routeFor,
  routeTargetOf,
  siteProfile,
  type Capability,
  type WorkKind,
} from '../../sites/index.js';
import { requireSite } from '../context.js';
import { printJson } from '../format.js';
import { renderTable } from '../table.js';
import { registerSiteAccount } from './site-account.js';

interface RouteOptions {
  partition?: string;
  path?: string;
  storage?: string;
  for?: WorkKind;
  need?: Capability;
  group?: string;
  json?: boolean;
}

export function registerSite(program: Command): void {
  const site = program
    .command('site')
    .description('site profiles: which login or data node each operation goes to');

  site
    .command('list')
    .description('the site profiles known here (built in and your own)')
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }) => {
      const all = [...loadSiteProfiles().values()];
      if (options.json) {
        return printJson(
          all.map(({ name, profile, file, builtin }) => ({
            name,
            title: profile.title,
            file,
            builtin,
          })),
        );
      }
      console.log(
        renderTable(all, [
          { header: 'SITE', value: (s) => s.name },
          { header: 'GROUPS', value: (s) => Object.keys(s.profile.groups).join(',') },
          { header: 'SOURCE', value: (s) => (s.builtin ? 'built in' : s.file), flexible: true },
          { header: 'TITLE', value: (s) => s.profile.title ?? '', flexible: true },
        ]),
      );
    });

  site
    .command('show <site>')
    .description('a profile in full, as YAML (a start for your own)')
    .option('--json', 'machine-readable output')
    .action((name: string, options: { json?: boolean }) => {
      const { profile } = siteProfile(name);
      if (options.json) return printJson(profile);
      process.stdout.write(stringify(profile));
    });

  registerSiteAccount(site);

  site
    .command('route')
    .description('which host an operation goes to, and why')
    .option('--partition <name>', 'work for this partition')
    .option('--path <path>', 'work on this path')
    .option('--storage <pool>', 'work on this storage pool')
    .addOption(new Option('--for <kind>', 'kind of work').choices([...WORK_KINDS]))
    .addOption(
      new Option('--need <capability>', 'what the host must allow').choices([...CAPABILITIES]),
    )
    .option('--group <group>', 'preferred node group when several see the pool')
    .option('--json', 'machine-readable output')
    .action((options: RouteOptions, command: Command) => {
      const site = requireSite(command);
      const { profile } = siteProfile(site);
      const route = routeFor(site, profile, {
        target: routeTargetOf(options, (field) => `--${field}`),
        ...(options.for ? { for: options.for } : {}),
        ...(options.need ? { need: options.need } : {}),
        ...(options.group ? { group: options.group } : {}),
      });
      if (options.json) return printJson(route);
      console.log(route.host);
      for (const reason of route.reasons) console.log(`  ${reason}`);
    });

  site
    .command('check')
    .description('can the site be reached from here: its address and every entry node (TCP + SSH)')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const site = requireSite(command);
      const check = await checkSiteReach(site, siteProfile(site).profile);
      if (check.hosts.some((h) => !h.reachable)) process.exitCode = 1;
      if (options.json) return printJson(check);
      console.log(
        renderTable(check.hosts, [
          { header: 'HOST', value: (h) => `${h.host}:${h.port}` },
          { header: 'FOR', value: (h) => h.roles.join(', ') },
          { header: 'REACHABLE', value: (h) => (h.reachable ? `yes (${h.ms} ms)` : 'no') },
          { header: 'SAYS', value: (h) => h.banner ?? h.error ?? '', flexible: true },
        ]),
      );
      if (check.hint) console.log(`\n${check.hint}`);
    });

  site
    .command('map-path <path>')
    .description('the same place on another storage pool (e.g. hot -> cold)')
    .requiredOption('--to <pool>', 'the pool to map to')
    .action((path: string, options: { to: string }, command: Command) => {
      const site = requireSite(command);
      console.log(mapPath(site, siteProfile(site).profile, path, options.to));
    });
}
