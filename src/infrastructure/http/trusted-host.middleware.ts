import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendProblem } from './problem-response.js';

/** Probes and Prometheus address pods by IP, so they skip the host check. */
const EXEMPT_PATHS = /^\/(health\/|metrics$)/;

function hostnameOf(hostHeader: string): string {
  // "[::1]:3000" -> "[::1]", "example.org:443" -> "example.org"
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1).toLowerCase();
  return hostHeader.split(':')[0].toLowerCase();
}

/** Matches exact names, `*` for any, and `.example.org` for the domain and its subdomains. */
export function isAllowedHost(hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (!hostHeader) return false;
  const host = hostnameOf(hostHeader);
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p === '*') return true;
    if (p.startsWith('.')) return host === p.slice(1) || host.endsWith(p);
    return host === p;
  });
}

/** Rejects requests whose Host header is not ours (DNS rebinding, host-header injection). */
export function trustedHostMiddleware(allowed: readonly string[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (EXEMPT_PATHS.test(req.path) || isAllowedHost(req.get('host'), allowed)) return next();
    sendProblem(req, res, { status: 400, detail: 'The Host header names a host this server does not serve.' });
  };
}
