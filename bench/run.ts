// Benchmarks: `npm run bench -- NAME`. Each prints ours and the naive way side by side, from one run.
import { benchPoll } from './poll.js';
import { benchSession } from './session.js';
import { benchWatch } from './watch.js';

const benches: Record<string, () => Promise<void>> = {
  poll: benchPoll,
  watch: benchWatch,
  session: benchSession,
  mcp: async () => (await import('./mcp.js')).benchMcp(),
  serve: async () => (await import('./serve.js')).benchServe(),
  tracker: async () => (await import('./tracker.js')).benchTracker(),
  'tracker-files': async () => (await import('./tracker-files.js')).benchTrackerFiles(),
  'tracker-latency': async () => (await import('./tracker-latency.js')).benchTrackerLatency(),
  'tracker-dashboard': async () => (await import('./tracker-dashboard.js')).benchTrackerDashboard(),
  admin: async () => (await import('./admin.js')).benchAdmin(),
};

const name = process.argv[2] ?? 'poll';
const bench = benches[name];
if (!bench) {
  console.error(`unknown benchmark "${name}"; choose one of: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
await bench();
