// Run as `node --import tsx test/helpers/deliver-child.ts`: one deliverer in its own process, for
// tests that kill it mid-send. Settings come from the environment as JSON.
import { createNotifier, credentialsFrom } from '../../src/notify/index.js';
import { openDatabase } from '../../src/store/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const db = openDatabase({ file: env('CHILD_DB') });
const notifier = createNotifier({
  db,
  config: JSON.parse(env('CHILD_CONFIG')),
  credentials: credentialsFrom(JSON.parse(env('CHILD_CREDENTIALS'))),
  leaseMs: Number(env('CHILD_LEASE_MS')),
  timeoutMs: Number(env('CHILD_LEASE_MS')) / 2,
});
process.stdout.write('ready\n');
const results = await notifier.deliverDue();
process.stdout.write(`${JSON.stringify(results)}\n`);
db.close();
