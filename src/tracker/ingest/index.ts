export {
  ClusterIngest,
  type ClusterIngestOptions,
  type IngestJob,
  type IngestPoll,
} from './cluster-ingest.js';
export { runIngestLoop, type IngestLoopOptions } from './ingest-loop.js';
export { jobIngestRecordPath, parseJobIngestRecord, type JobIngestRecord } from './job-record.js';
