/**
 * Whether the session cookie gets `Secure`: always when this server speaks TLS itself; behind a
 * TLS-terminating proxy when the operator said to trust it (`serve --trust-proxy`) and the proxy
 * says the browser came over https. The header alone is never believed: any client can send it.
 */
export function cookieSecure(
  transport: { tls: boolean; trustProxy: boolean },
  forwardedProto: string | undefined,
): boolean {
  if (transport.tls) return true;
  if (!transport.trustProxy || forwardedProto === undefined) return false;
  // A chain of proxies appends: the first value is what the browser used.
  return forwardedProto.split(',')[0]?.trim().toLowerCase() === 'https';
}
