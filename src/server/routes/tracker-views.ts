import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { SlurmdeckError } from '../../core/errors.js';
import {
  downsampleMinMaxLttb,
  readChartSeries,
  paramsTable,
  CSV_HEADER,
  seriesCsvRows,
  type Run,
  type TrackerStore,
} from '../../tracker/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { compareQuery, csvQuery, seriesQuery } from '../tracker-schemas.js';
import { chartLines, type ChartLine } from '../chart-json.js';
import { runView } from './tracker-run-view.js';

/** Above this many lines in one chart, each line gets one point a pixel (MinMaxLTTB). */
const MANY_LINES = 10;

async function runsOf(store: TrackerStore, uids: readonly string[]): Promise<Run[]> {
  const runs = await Promise.all(uids.map((uid) => store.getRun(uid)));
  const missing = uids.filter((_, i) => !runs[i]);
  if (missing.length > 0) {
    throw new SlurmdeckError('RUN_NOT_FOUND', `no tracker run ${missing.join(', ')}`, {
      hint: 'GET /api/tracker/runs lists the runs.',
    });
  }
  return runs as Run[];
}

/** The dashboard's reads over several runs: compare, one metric of many runs, CSV export. */
export function trackerViewRoutes(deps: ServerDeps) {
  const app = new Hono<ServerEnv>();
  const store = () => deps.tracker.store;

  app.get('/compare', async (c) => {
    const { ids } = parseInput(compareQuery, c.req.query(), 'query');
    const runs = await runsOf(store(), ids);
    const keys = await Promise.all(runs.map((run) => store().metricKeys(run.uid)));
    return c.json({
      runs: runs.map(runView),
      params: paramsTable(runs),
      keys: [...new Set(keys.flat())].sort(),
    });
  });

  // One request per chart: the key of every run, each reduced to the chart's width (M4; with
  // many runs overlaid, MinMaxLTTB to one point a pixel: the lines read the same, 4x lighter).
  app.get('/series', async (c) => {
    const { ids, key, width, from, to, encoding, times } = parseInput(
      seriesQuery,
      c.req.query(),
      'query',
    );
    const runs = await runsOf(store(), ids);
    const lines: ChartLine[] = [];
    for (const run of runs) {
      const shown = await readChartSeries(store(), run.uid, key, { width, from, to });
      if (shown.total === 0) continue;
      if (width !== undefined && runs.length > MANY_LINES) {
        const light = downsampleMinMaxLttb(shown.series, width);
        shown.downsampled ||= light !== shown.series;
        shown.series = light;
      }
      lines.push({ uid: run.uid, ...shown });
    }
    return c.json({
      key,
      series: chartLines(lines, { packed: encoding === 'packed', times: times === '1' }),
    });
  });

  app.get('/runs/:uid/csv', async (c) => {
    const uid = c.req.param('uid');
    const { key } = parseInput(csvQuery, c.req.query(), 'query');
    const [run] = await runsOf(store(), [uid]);
    const keys = key === undefined ? await store().metricKeys(uid) : [key];
    const name = `${(run as Run).name.replace(/[^\w.-]+/g, '_')}${key ? `-${key.replace(/[^\w.-]+/g, '_')}` : ''}.csv`;
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="${name}"`);
    return stream(c, async (out) => {
      await out.write(CSV_HEADER);
      // A series at a time, written as it is read: memory holds one series, not the export.
      for (const k of keys) {
        for (const piece of seriesCsvRows(uid, await store().readSeries(uid, k))) {
          await out.write(piece);
        }
      }
    });
  });

  return app;
}
