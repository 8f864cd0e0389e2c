// Run with `fork(..., { execArgv: ['--import', 'tsx'] })`: one contender for the poller lock in
// its own process. On each {dir, at} message it waits for the moment `at`, tries for the lock of
// cluster "race" and answers whether it got it; holders keep their lock until the next message.
import { acquirePollerLock, type PollerLock } from '../../src/jobs/poller-lock.js';

let held: PollerLock | undefined;

process.on('message', (message: { dir: string; at: number } | 'exit') => {
  if (message === 'exit') process.exit(0);
  held?.release();
  held = undefined;
  // Spin rather than sleep: all contenders should reach the lock within the same millisecond.
  while (Date.now() < message.at);
  held = acquirePollerLock(message.dir, 'race');
  process.send?.({ pid: process.pid, won: held !== undefined });
});
process.send?.('ready');
