import { hostname, networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** Host names without brackets or port, lower case: `[::1]:8080` -> `::1`. */
export function hostnameOf(host: string): string {
  const trimmed = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed) return bracketed[1] as string;
  // One colon is host:port; more is a bare IPv6 address.
  return trimmed.split(':').length === 2 ? (trimmed.split(':')[0] as string) : trimmed;
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.includes(hostnameOf(host));
}

/**
 * The names a browser may use to reach the server. A page from any other name is a DNS
 * rebinding attempt: a hostile name resolving to our address.
 */
export function allowedHostnames(bindHost: string, extra: readonly string[] = []): Set<string> {
  const names = new Set([...LOOPBACK_NAMES, ...extra.map(hostnameOf)]);
  const bind = hostnameOf(bindHost);
  if (!WILDCARDS.has(bind)) names.add(bind);
  else {
    names.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces())) {
      for (const address of list ?? []) names.add(address.address.toLowerCase());
    }
  }
  return names;
}

export interface GuardPolicy {
  hostnames: ReadonlySet<string>;
  /** Origins besides the server's own (a reverse proxy's public address). */
  origins: ReadonlySet<string>;
}

export interface GuardInput {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** Why a request is refused before authentication, or undefined when it may go on. */
export function refusal(input: GuardInput, policy: GuardPolicy): string | undefined {
  if (!input.host || !policy.hostnames.has(hostnameOf(input.host))) {
    return `host "${input.host ?? ''}" is not a name of this server`;
  }
  if (input.origin !== undefined && !policy.origins.has(input.origin)) {
    let originHost: string | undefined;
    try {
      originHost = new URL(input.origin).host.toLowerCase();
    } catch {
      return `origin "${input.origin}" is not a URL`;
    }
    // Same origin: the page was served by this server under the name the request uses.
    if (originHost !== input.host.toLowerCase()) {
      return `origin "${input.origin}" is not this server`;
    }
  }
  if (!isSafeMethod(input.method) && input.secFetchSite === 'cross-site') {
    return 'cross-site requests may not change anything';
  }
  return undefined;
}
