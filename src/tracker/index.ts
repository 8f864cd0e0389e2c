export { createTracker, type Tracker, type TrackerOptions } from './tracker.js';
export type { TrackerStore } from './store.js';
export { createSqliteTrackerStore } from './sqlite-store.js';
export { downsampleM4 } from './downsample.js';
export { parseJsonBatches, parseNdjsonBatches, toBatch, MAX_KEY_LENGTH } from './batch-parse.js';
export { TRACKER_EVENTS, runSubject } from './tracker-events.js';
export type * from './types.js';
export { runInitRecord, runUid, toRunInit, type RunInitRecord } from './run-init.js';
export { logPoints, type LogPointsOptions, type LogOutcome } from './log-points.js';
export { createPostgresTrackerStore, type PostgresTrackerStore } from './pg-store.js';
export { maskDatabaseUrl, databasePassword, isPostgresUrl } from './pg-pool.js';
export { findRun } from './run-lookup.js';
export {
  createJobTokens,
  isJobTokenText,
  type JobTokens,
  type JobTokenHolder,
  type JobTokenInfo,
} from './job-tokens.js';
export { summarize, summarizeRun, readMetric, type MetricSummary } from './metric-summary.js';
export { compareRuns, flattenParams, paramsTable, type RunComparison } from './run-compare.js';
export { CSV_HEADER, seriesCsv, seriesCsvRows } from './series-csv.js';
export { chartWindow, readChartSeries, stepWindow } from './series-window.js';
export {
  queryRuns,
  groupOf,
  arrayJobOf,
  MAX_SCANNED,
  type RunQuery,
  type RunQueryResult,
  type RunGroup,
} from './run-query.js';
export {
  parseCondition,
  parseField,
  parseSort,
  type Condition,
  type RunField,
  type SortKey,
} from './run-query-parse.js';
export { jsonValue, seriesJson, summaryJson } from './series-json.js';
export { initRun, type InitOptions, type TrackerRun } from './client.js';
export {
  SpoolTailer,
  type SpoolPoll,
  type SpoolRun,
  type SpoolTailerOptions,
} from './spool-tailer.js';
export { createSpoolCursorStore, type SpoolCursorStore } from './spool-cursor-store.js';
export { runSpoolFiles, spoolRoot } from './spool-paths.js';
export {
  EventFileTailer,
  type EventFileCursor,
  type EventFileUpdate,
} from './tensorboard/event-file-tailer.js';
export { findEventFiles } from './tensorboard/find-event-files.js';
export { readEventChunk } from './tensorboard/read-events.js';
export {
  ClusterIngest,
  runIngestLoop,
  jobIngestRecordPath,
  parseJobIngestRecord,
  type IngestJob,
  type JobIngestRecord,
} from './ingest/index.js';
export { downsampleMinMaxLttb, lttb } from './downsample-lttb.js';
export { checkFiles, lookAtRunFiles } from './file-check.js';
