import { signal } from '@preact/signals';

export type Route =
  | { page: 'cluster' }
  | { page: 'queue' }
  | { page: 'submit' }
  | { page: 'job'; id: string }
  | { page: 'sessions' }
  | { page: 'session'; name: string }
  | { page: 'notifications' }
  | { page: 'audit' }
  | { page: 'sites' }
  | { page: 'runs' }
  | { page: 'compare'; ids: string[] }
  | { page: 'run'; uid: string };

export function routeOf(path: string, search = ''): Route {
  const job = /^\/jobs\/([^/]+)\/?$/.exec(path);
  if (job) return { page: 'job', id: decodeURIComponent(job[1] as string) };
  const session = /^\/sessions\/([^/]+)\/?$/.exec(path);
  if (session) return { page: 'session', name: decodeURIComponent(session[1] as string) };
  if (path.startsWith('/sessions')) return { page: 'sessions' };
  if (path.startsWith('/queue')) return { page: 'queue' };
  if (path.startsWith('/submit')) return { page: 'submit' };
  if (path.startsWith('/notifications')) return { page: 'notifications' };
  if (path.startsWith('/audit')) return { page: 'audit' };
  if (path.startsWith('/sites')) return { page: 'sites' };
  if (/^\/runs\/compare\/?$/.test(path)) {
    const ids = new URLSearchParams(search).get('ids') ?? '';
    return { page: 'compare', ids: ids.split(',').filter(Boolean) };
  }
  const run = /^\/runs\/([^/]+)\/?$/.exec(path);
  if (run) return { page: 'run', uid: decodeURIComponent(run[1] as string) };
  if (path.startsWith('/runs')) return { page: 'runs' };
  return { page: 'cluster' };
}

export const route = signal<Route>(routeOf(location.pathname, location.search));

/** Shows another page without reloading: the URL changes, the event stream stays open. */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  route.value = routeOf(location.pathname, location.search);
  scrollTo(0, 0);
}

/** A link click that a plain left click turns into navigate(); other clicks keep their meaning. */
export function linkClick(event: MouseEvent, path: string): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(path);
}

export const jobPath = (id: string) => `/jobs/${encodeURIComponent(id)}`;

addEventListener('popstate', () => (route.value = routeOf(location.pathname, location.search)));
