import { signal } from '@preact/signals';
import type {
  ClustersResponse,
  JobEventView,
  JobsResponse,
  NodesResponse,
  StatusResponse,
  ViewChanged,
} from '../../src/server/schemas.js';
import type { ErrorBody } from './types.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as Partial<ErrorBody>;
    const message = body.message ?? `${res.status} ${res.statusText}`;
    throw new HttpError(res.status, message, body.code, body.hint);
  }
  return (await res.json()) as T;
}

export async function get<T>(path: string): Promise<T> {
  return answer<T>(await fetch(path, { headers: { accept: 'application/json' } }));
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return answer<T>(res);
}

export const clusterPath = () => `/api/clusters/${encodeURIComponent(cluster.value ?? '')}`;

/** One value from the API, refreshed on demand; errors kept beside it. */
function resource<T>() {
  const data = signal<T | undefined>(undefined);
  const error = signal<HttpError | Error | undefined>(undefined);
  return {
    data,
    error,
    async load(path: string) {
      try {
        data.value = await get<T>(path);
        error.value = undefined;
      } catch (e) {
        error.value = e as Error;
      }
    },
  };
}

export const clusters = resource<ClustersResponse>();
export const status = resource<StatusResponse>();
export const jobs = resource<JobsResponse>();
export const nodes = resource<NodesResponse>();
export const cluster = signal<string | undefined>(undefined);
export const jobsScope = signal<'mine' | 'all'>('mine');
export const jobsState = signal<string>('');
export const connected = signal(false);
/** Job events seen on the stream since the page opened, oldest first (the newest few hundred). */
export const jobEvents = signal<JobEventView[]>([]);
/** Counts changes of the shown cluster's job view: pages that show a job read it again. */
export const jobsChanged = signal(0);

export const jobsPath = () => {
  const params = new URLSearchParams();
  if (jobsScope.value === 'all') params.set('all', '1');
  if (jobsState.value) params.set('state', jobsState.value);
  const q = params.toString();
  return `/api/clusters/${encodeURIComponent(cluster.value ?? '')}/jobs${q ? `?${q}` : ''}`;
};

export const loadStatus = async () => {
  const base = `/api/clusters/${encodeURIComponent(cluster.value ?? '')}`;
  await Promise.all([status.load(`${base}/status`), nodes.load(`${base}/nodes`)]);
};
export const loadJobs = () => jobs.load(jobsPath());

let source: EventSource | undefined;

/** One event stream for the shown cluster: a changed view is read again (from the shared cache). */
export function follow(name: string): void {
  source?.close();
  source = new EventSource(`/api/events?cluster=${encodeURIComponent(name)}`);
  source.addEventListener('open', () => (connected.value = true));
  source.addEventListener('error', () => (connected.value = false));
  source.addEventListener('view', (event) => {
    const change = JSON.parse((event as MessageEvent<string>).data) as ViewChanged;
    if (change.cluster !== cluster.value) return;
    if (change.view === 'status') return void loadStatus();
    jobsChanged.value++;
    void loadJobs();
  });
  source.addEventListener('job', (event) => {
    const job = JSON.parse((event as MessageEvent<string>).data) as JobEventView;
    jobEvents.value = [...jobEvents.value.slice(-299), job];
    void loadJobs();
  });
}
