import { z } from 'zod';
import {
  auditQuery,
  bulkCancelBody,
  auditResponse,
  cancelBody,
  cancelResponse,
  clustersResponse,
  errorSchema,
  eventsQuery,
  jobOutputQuery,
  jobOutputResponse,
  jobResponse,
  jobsQuery,
  jobsResponse,
  nodesResponse,
  resubmitResponse,
  notificationsQuery,
  notificationsResponse,
  notifyTestBody,
  notifyTestResponse,
  sessionCtrlBody,
  sessionExecBody,
  sessionInputResponse,
  sessionOutputQuery,
  sessionOutputResponse,
  sessionSendBody,
  sessionStartBody,
  sessionStartResponse,
  sessionStatusResponse,
  sessionStopResponse,
  sessionsResponse,
  statusResponse,
  terminalQuery,
  submitBody,
  submitResponse,
  tokensResponse,
  watchAddResponse,
  watchBody,
  watchListResponse,
} from './schemas.js';
import {
  batchesBody,
  batchesResponse,
  finishBody,
  finishResponse,
  compareQuery,
  compareResponse,
  csvQuery,
  metricQuery,
  runFilesQuery,
  runFilesResponse,
  metricResponse,
  seriesQuery,
  seriesResponse,
  runResponse,
  runsQuery,
  runsResponse,
  runStartBody,
  runStartResponse,
} from './tracker-schemas.js';
import {
  adminAccessResponse,
  adminChangeBody,
  syncSshBody,
  adminChangeResponse,
  adminDoctorResponse,
  adminStatusResponse,
  adminTargetQuery,
  recoverBody,
  restartBody,
  drainBody,
  resumeBody,
  stateChangeResponse,
} from './admin-schemas.js';
import {
  copiesResponse,
  copyCancelResponse,
  copyResumeResponse,
  copyStartBody,
  copyStartResponse,
  credentialsResponse,
  siteRouteQuery,
  siteRouteResponse,
  sitesResponse,
} from './site-schemas.js';

interface RouteDoc {
  method: 'get' | 'post';
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  /** The response is not JSON (an event stream). */
  stream?: string;
  /** The least role that may call it. */
  role: 'read' | 'operate' | 'admin';
  /** A job's tracker token may call it too, for its own job's runs only (SECURITY.md). */
  jobToken?: true;
}

/** How every changing admin route behaves: ask, then act on the very same plan. */
const CHANGE_FLOW =
  ': the first call inspects read-only and returns the plan and a confirmToken bound to the caller, the nodes, their steps and the arguments (status nothing_to_do, no token, when no node needs a change); the second (same body plus confirmToken) applies; per node rows ok/changed/failed with checksums, never key bytes; audit-logged per node';

/** Every API route, documented from the schemas the routes use. */
export const ROUTES: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/api/clusters',
    summary: 'configured clusters',
    response: clustersResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/status',
    summary: 'partitions with free CPUs and GPUs by type, and nodes that need attention',
    response: statusResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/nodes',
    summary: 'every node with its state, reason and resources',
    response: nodesResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/jobs',
    summary: 'jobs in the queue, filtered (one shared squeue for every viewer)',
    query: jobsQuery,
    response: jobsResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/jobs/{id}',
    summary:
      'everything the controller knows about one job; once it ended, the end report (efficiency, hint)',
    response: jobResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/jobs/{id}/resubmit',
    summary:
      "a job's options as a submit body (its stored script, partition, time, resources, work dir) for resubmitting with changes; nothing is submitted",
    response: resubmitResponse,
    role: 'operate',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/jobs/{id}/output',
    summary:
      "a job's log from a byte cursor (or its end when no cursor): escapes stripped, secrets masked; nextCursor reads on",
    query: jobOutputQuery,
    response: jobOutputResponse,
    role: 'read',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/jobs',
    summary:
      'submit a batch job: the first call returns a summary and confirmToken, the second (same body plus confirmToken) submits; dryRun asks sbatch --test-only',
    body: submitBody,
    response: submitResponse,
    role: 'operate',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/jobs/{id}/cancel',
    summary:
      'cancel one of your jobs: the first call lists exactly what would be cancelled and returns a confirmToken, the second carries it',
    body: cancelBody,
    response: cancelResponse,
    role: 'operate',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/jobs/cancel',
    summary:
      'cancel jobs by ids or by filter among yours (mine + states, name, partitions), like scancel -u: the first call lists exactly which, the token cancels only those',
    body: bulkCancelBody,
    response: cancelResponse,
    role: 'operate',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/watch',
    summary:
      'the watched jobs of a cluster (newest first) with their state and, once ended, their report',
    response: watchListResponse,
    role: 'read',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/watch',
    summary:
      'add jobs to the durable watch list: the shared watcher records their starts and ends as events and tells the notification channels (default: the configured defaults)',
    body: watchBody,
    response: watchAddResponse,
    role: 'operate',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/sessions',
    summary:
      'sessions (persistent shells on compute nodes) with phase, job and node, orphans included',
    response: sessionsResponse,
    role: 'read',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/sessions',
    summary:
      'start a session (it allocates, and bills): the first call checks the request and returns a summary and confirmToken, the second (same body plus confirmToken) starts it; then poll its status until ready',
    body: sessionStartBody,
    response: sessionStartResponse,
    role: 'operate',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/sessions/{name}',
    summary: "a session's phase, job, node, and the timeline of its start",
    response: sessionStatusResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/sessions/{name}/output',
    summary:
      "a session's output from a cursor (default: where the last read or exec stopped); wait seconds for the running command to end or for new output",
    query: sessionOutputQuery,
    response: sessionOutputResponse,
    role: 'read',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/sessions/{name}/exec',
    summary:
      'run one shell command in a ready session and return its output and exit code; a longer one keeps running (follow it with output)',
    body: sessionExecBody,
    response: sessionOutputResponse,
    role: 'operate',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/sessions/{name}/send',
    summary: 'type text into the session (then Enter unless enter is false)',
    body: sessionSendBody,
    response: sessionInputResponse,
    role: 'operate',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/sessions/{name}/ctrl',
    summary: 'send ctrl-c, ctrl-d, ctrl-z or ctrl-\\ to what runs in the session',
    body: sessionCtrlBody,
    response: sessionInputResponse,
    role: 'operate',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/sessions/{name}/terminal',
    summary:
      'a live terminal on the session\'s own tmux pane, as a WebSocket: binary frames are the terminal\'s bytes both ways, a text frame {"type":"resize","cols":C,"rows":R} resizes it; closing only detaches',
    query: terminalQuery,
    stream: 'application/octet-stream',
    role: 'operate',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/sessions/{name}/stop',
    summary:
      'stop a session (kills its shell, releases its allocation): the first call returns a summary and confirmToken, the second carries it',
    body: cancelBody,
    response: sessionStopResponse,
    role: 'operate',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/admin',
    summary: "whether the cluster's config has admin access (node administration), and to where",
    response: adminAccessResponse,
    role: 'admin',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/admin/status',
    summary:
      "per node over the admin's ssh: munged and slurmd (pid, uptime, version), Slurm state and reason, slurm.conf and munge key checksums vs the controller's, clock offset, slurmctld's port, cross-host munge decode; checksums only, never a key",
    query: adminTargetQuery,
    response: adminStatusResponse,
    role: 'admin',
  },
  {
    method: 'get',
    path: '/api/clusters/{cluster}/admin/doctor',
    summary:
      'the status facts of each node turned into findings: the problem, the evidence and the fix (munge key mismatch vs clock skew vs munged down, slurmd down vs slurmctld unreachable, config drift...)',
    query: adminTargetQuery,
    response: adminDoctorResponse,
    role: 'admin',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/admin/drain',
    summary:
      'drain nodes with a reason (stored as "slurmdeck: REASON"; drained nodes are left as they are): the first call returns a summary and confirmToken, the second (same body plus confirmToken) drains; audit-logged with before and after',
    body: drainBody,
    response: stateChangeResponse,
    role: 'admin',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/admin/resume',
    summary:
      "resume nodes slurmdeck drained or Slurm marked down (never an admin's own drain or a pending reboot unless force): the first call returns a summary and confirmToken, the second carries it; audit-logged",
    body: resumeBody,
    response: stateChangeResponse,
    role: 'admin',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/admin/sync-munge',
    summary: `copy the controller's munge key to nodes (atomic, munge:munge 0400) and restart munged where it does not decode the controller's credential${CHANGE_FLOW}`,
    body: adminChangeBody,
    response: adminChangeResponse,
    role: 'admin',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/admin/sync-conf',
    summary: `copy the controller's slurm.conf, gres.conf, cgroup.conf to nodes (atomic), then scontrol reconfigure${CHANGE_FLOW}`,
    body: adminChangeBody,
    response: adminChangeResponse,
    role: 'admin',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/admin/restart',
    summary: `restart munged or slurmd through the node's service manager and verify it (munged decodes, slurmd registers)${CHANGE_FLOW}`,
    body: restartBody,
    response: adminChangeResponse,
    role: 'admin',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/admin/recover',
    summary: `diagnose, start what is dead (munged, slurmd), resume only what Slurm or slurmdeck took out (force: these nodes too)${CHANGE_FLOW}`,
    body: recoverBody,
    response: adminChangeResponse,
    role: 'admin',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/admin/sync-ssh',
    summary: `add one public key to a user's authorized_keys on nodes, once (atomic; keys added meanwhile kept)${CHANGE_FLOW}`,
    body: syncSshBody,
    response: adminChangeResponse,
    role: 'admin',
  },
  {
    method: 'post',
    path: '/api/clusters/{cluster}/admin/init',
    summary: `bring up hosts slurm.conf names: key, config, munged, slurmd, resume; each step verified, done steps skipped${CHANGE_FLOW}`,
    body: adminChangeBody,
    response: adminChangeResponse,
    role: 'admin',
  },
  {
    method: 'get',
    path: '/api/notifications',
    summary:
      'notification channels (secrets masked, with what keeps one from sending) and the outbox with retries and failures (newest first)',
    query: notificationsQuery,
    response: notificationsResponse,
    role: 'read',
  },
  {
    method: 'post',
    path: '/api/notifications/test',
    summary: 'send a sample job report through a channel and say whether it arrived',
    body: notifyTestBody,
    response: notifyTestResponse,
    role: 'operate',
  },
  {
    method: 'get',
    path: '/api/events',
    summary:
      'Server-Sent Events: `job` events (with ids; resume with Last-Event-ID) and `view` changes',
    query: eventsQuery,
    stream: 'text/event-stream',
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/tokens',
    summary: "API token names, roles and last use, and jobs' tracker tokens (never the tokens)",
    response: tokensResponse,
    role: 'admin',
  },
  {
    method: 'get',
    path: '/api/audit',
    summary: 'what was cancelled or spent, by whom, from which face (newest first)',
    query: auditQuery,
    response: auditResponse,
    role: 'admin',
  },
  {
    method: 'post',
    path: '/api/tracker/runs',
    summary:
      'create an experiment run, or resume one (same run id, seq_start after its last batch; resume_step hides what the earlier attempt logged after that step): 201 created, 200 resumed',
    body: runStartBody,
    response: runStartResponse,
    role: 'operate',
    jobToken: true,
  },
  {
    method: 'get',
    path: '/api/tracker/runs',
    summary:
      'runs, newest first (or sorted), filtered by project, status, tag, cluster, job, params and metrics; with a total for paging',
    query: runsQuery,
    response: runsResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/tracker/runs/{uid}',
    summary: 'one run with its metric keys and the next batch seq',
    response: runResponse,
    role: 'read',
    jobToken: true,
  },
  {
    method: 'get',
    path: '/api/tracker/runs/{uid}/files',
    summary:
      "the checkpoints, artifacts and logs a run declared, with size and mtime; check=1 looks at them on the run's cluster first (one command) and records what it found, missing ones included",
    query: runFilesQuery,
    response: runFilesResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/tracker/runs/{uid}/metric',
    summary:
      "one metric of a run by step: downsampled to width pixel columns keeping each column's first, last, lowest and highest point (M4), or every point without width",
    query: metricQuery,
    response: metricResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/tracker/runs/{uid}/csv',
    summary: "every point of a run's metrics (or of one key) as CSV: run,key,step,value,wall_time",
    query: csvQuery,
    stream: 'text/csv',
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/tracker/compare',
    summary:
      'runs side by side: every param flattened with whether the runs differ, and their metric keys',
    query: compareQuery,
    response: compareResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/tracker/series',
    summary:
      'one metric of several runs (one chart), each reduced to width pixel columns (M4) within the from..to steps',
    query: seriesQuery,
    response: seriesResponse,
    role: 'read',
  },
  {
    method: 'post',
    path: '/api/tracker/runs/{uid}/finish',
    summary: 'mark a run finished (or failed, with an exit code)',
    body: finishBody,
    response: finishResponse,
    role: 'operate',
    jobToken: true,
  },
  {
    method: 'post',
    path: '/api/tracker/batches',
    summary:
      'metric batches as JSON, or as application/x-ndjson (a batch a line); no cap on points, 64 MiB a request; each (run, seq) is applied once, a repeat counts as a duplicate',
    body: batchesBody,
    response: batchesResponse,
    role: 'operate',
    jobToken: true,
  },
  { method: 'post', path: '/api/logout', summary: "end the browser's session", role: 'read' },
  {
    method: 'get',
    path: '/api/sites',
    summary:
      "site profiles (built in and the user's): node groups, entry nodes, storage pools, and whether an account is configured",
    response: sitesResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/sites/{site}/route',
    summary: 'which login or data node an operation on a partition, path or pool goes to, and why',
    query: siteRouteQuery,
    response: siteRouteResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/credentials',
    summary: 'stored site credentials: kind, owner, expiry and whether to renew, never a value',
    response: credentialsResponse,
    role: 'read',
  },
  {
    method: 'get',
    path: '/api/data/copies',
    summary:
      'data copies (rsync in tmux on a data node): progress, or how they ended and what to do',
    response: copiesResponse,
    role: 'read',
  },
  {
    method: 'post',
    path: '/api/data/copies',
    summary:
      'start a copy (rsync in tmux on the data node the paths route to): the first call answers with a summary and a confirmToken, the second carries it',
    body: copyStartBody,
    response: copyStartResponse,
    role: 'operate',
  },
  {
    method: 'post',
    path: '/api/data/copies/{id}/cancel',
    summary: 'stop a running copy (asks first like starting one); the partial files stay',
    body: cancelBody,
    response: copyCancelResponse,
    role: 'operate',
  },
  {
    method: 'post',
    path: '/api/data/copies/{id}/resume',
    summary: 'run an ended copy again: what arrived is kept, the rest follows',
    response: copyResumeResponse,
    role: 'operate',
  },
];

const schema = (type: z.ZodType) => z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' });

function parameters(route: RouteDoc): unknown[] {
  const params: unknown[] = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  for (const [name, field] of Object.entries(route.query?.shape ?? {})) {
    const json = schema(field as z.ZodType) as { description?: string };
    params.push({
      name,
      in: 'query',
      required: false,
      schema: json,
      description: json.description,
    });
  }
  return params;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: schema(errorSchema) } },
});

/** The OpenAPI 3.1 document served at `GET /api/openapi.json`. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const ok = route.stream
      ? { description: 'a stream', content: { [route.stream]: { schema: { type: 'string' } } } }
      : route.response
        ? {
            description: 'OK',
            content: {
              'application/json': {
                schema: z.toJSONSchema(route.response, { io: 'output', unrepresentable: 'any' }),
              },
            },
          }
        : { description: 'OK' };
    (paths[route.path] ??= {})[route.method] = {
      summary: route.summary,
      'x-slurmdeck-role': route.role,
      ...(route.jobToken
        ? {
            'x-slurmdeck-job-token': true,
            description:
              "A job's tracker token may call this for runs of its own job (its cluster and job id, or a task of its array) only: 403 for any other run.",
          }
        : {}),
      parameters: parameters(route),
      ...(route.body
        ? {
            requestBody: {
              required:
                route.method === 'post' && route.body !== cancelBody && route.body !== finishBody,
              content: { 'application/json': { schema: schema(route.body) } },
            },
          }
        : {}),
      responses: {
        200: ok,
        400: errorResponse('bad input: the message names the field'),
        401: errorResponse('no valid token or session'),
        403: errorResponse('not allowed: role, host or origin'),
        404: errorResponse('no such cluster or job'),
        409: errorResponse('the confirm token is used, expired, or for other arguments'),
        413: errorResponse('request body too large'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'slurmdeck', version },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'slurmdeck_session' },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}
