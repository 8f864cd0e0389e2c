import type { Command } from 'commander';
import { loadConfig } from '../../core/config.js';
import {
  credentialsFileFor,
  describeChannels,
  loadCredentials,
  resolveChannel,
  type DeliveryResult,
} from '../../notify/index.js';
import { withWorkspace } from '../context.js';
import { testMessage } from '../../jobs/index.js';
import { printJson } from '../format.js';
import { renderTable } from '../table.js';

/** One line on how a test send went, e.g. `delivered to "ops" (HTTP 200)`. */
export function describeResult(result: DeliveryResult): string {
  if (result.kind === 'email') {
    // The SMTP reply says it all: `250 OK: queued as ...`, or the error with its code.
    return result.state === 'sent'
      ? `delivered to "${result.channel}" (${result.detail ?? 'accepted'})`
      : `not delivered to "${result.channel}": ${result.error ?? 'unknown error'}`;
  }
  if (result.state === 'sent') {
    return `delivered to "${result.channel}"${result.status === undefined ? '' : ` (HTTP ${result.status})`}`;
  }
  // The error starts with the HTTP status when there was an answer.
  return `not delivered to "${result.channel}": ${result.error ?? 'unknown error'}`;
}

export function registerNotify(program: Command): void {
  const notify = program
    .command('notify')
    .description('notification channels: list them, send a test message');

  notify
    .command('channels')
    .description('configured channels, each checked against the credentials file')
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }) => {
      const config = loadConfig();
      const credentials = loadCredentials(credentialsFileFor(config.notify.credentialsFile));
      const channels = describeChannels(config.notify, credentials);
      if (options.json) return printJson(channels);
      if (channels.length === 0) {
        console.log('no channels configured (add them under notify.channels in the config)');
        return;
      }
      console.log(
        renderTable(channels, [
          { header: 'NAME', value: (c) => `${c.name}${c.isDefault ? '*' : ''}` },
          { header: 'KIND', value: (c) => c.kind ?? '-' },
          { header: 'STATUS', value: (c) => (c.problem ? 'error' : 'ready') },
          { header: 'SPEC', value: (c) => c.spec, flexible: true },
        ]),
      );
      for (const c of channels.filter((c) => c.problem)) console.log(`\n${c.name}: ${c.problem}`);
      if (channels.some((c) => c.isDefault)) console.log('\n* default channel');
    });

  notify
    .command('test')
    .description('send a test message through CHANNEL (via the outbox) and say whether it arrived')
    .argument('<channel>', 'channel name from notify.channels')
    .option('--json', 'machine-readable output')
    .action(async (channel: string, options: { json?: boolean }, command: Command) =>
      withWorkspace(command, async (ws) => {
        const config = ws.config();
        const credentials = loadCredentials(credentialsFileFor(config.notify.credentialsFile));
        const spec = config.notify.channels[channel];
        // Resolve first: a bad spec or a missing credential is an error to fix, not a failed send.
        if (spec !== undefined) resolveChannel(channel, spec, credentials);
        const notifier = ws.notifier();
        const queued = notifier.enqueueTest(channel, testMessage(notifier.language, channel));
        const [result] = await notifier.deliverDue({ ids: [queued.id], maxBatch: 1 });
        if (!result) throw new Error(`test message ${queued.id} could not be claimed`);
        if (options.json) printJson(result);
        else console.log(describeResult(result));
        if (result.state !== 'sent') process.exitCode = 1;
      }),
    );
}
