import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { HttpError } from './http-error.js';

/** Who may talk to the server, checked on every request before it is routed. */
export interface AccessPolicy {
  /** Extra Host names (`--allow-host`); `*` accepts any. Loopback names and the bound address always pass. */
  readonly allowHosts?: readonly string[];
  /** Browser origins allowed to call (`--allow-origin`), e.g. `http://localhost:3000`; `*` accepts any. */
  readonly allowOrigins?: readonly string[];
  /** When set, creating a session needs `Authorization: Bearer <authToken>` (`--auth-token`). */
  readonly authToken?: string;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARD = new Set(['0.0.0.0', '::', '']);

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return LOOPBACK_NAMES.includes(bare) || bare.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(bare) || bare === '::ffff:127.0.0.1';
}

/** The host part of a Host header, lower-cased, without port or IPv6 brackets. */
function hostOf(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') < 0 ? undefined : value.indexOf(']'));
  const colon = value.lastIndexOf(':');
  return colon >= 0 && value.indexOf(':') === colon ? value.slice(0, colon) : value;
}

/** The names this machine answers to when bound to every interface. */
function localNames(): string[] {
  const names = [hostname().toLowerCase()];
  for (const list of Object.values(networkInterfaces())) for (const item of list ?? []) names.push(item.address.toLowerCase());
  return names;
}

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Checks a request's Host and Origin (against DNS rebinding and cross-origin browser posts), its
 * Content-Type (JSON only) and, for session creation, the server token.
 */
export class RequestGuard {
  readonly #hosts: Set<string>;
  readonly #anyHost: boolean;
  readonly #origins: Set<string>;
  readonly #anyOrigin: boolean;
  readonly #token: Buffer | undefined;

  constructor(policy: AccessPolicy, boundHost: string) {
    const hosts = [...LOOPBACK_NAMES, ...(policy.allowHosts ?? [])].map((h) => hostOf(h));
    const bound = boundHost.toLowerCase();
    if (WILDCARD.has(bound)) hosts.push(...localNames());
    else hosts.push(bound);
    this.#hosts = new Set(hosts);
    this.#anyHost = policy.allowHosts?.includes('*') ?? false;
    this.#origins = new Set((policy.allowOrigins ?? []).map((o) => o.toLowerCase().replace(/\/+$/, '')));
    this.#anyOrigin = this.#origins.has('*');
    this.#token = policy.authToken === undefined ? undefined : digest(policy.authToken);
  }

  get requiresToken(): boolean {
    return this.#token !== undefined;
  }

  /** Host and Origin: a name this server does not answer to is refused (403). */
  checkOrigin(headers: IncomingHttpHeaders): void {
    const host = headers.host;
    if (host !== undefined && !this.#anyHost) {
      const name = hostOf(host);
      if (!this.#hosts.has(name) && !(isIP(name) === 0 && name.endsWith('.localhost'))) {
        throw new HttpError(403, 'host_not_allowed', `the Host ${JSON.stringify(host)} is not one this server answers to (the operator can allow it with --allow-host ${name})`);
      }
    }
    const origin = headers.origin;
    if (origin !== undefined && !this.#anyOrigin && !this.#origins.has(origin.toLowerCase().replace(/\/+$/, ''))) {
      throw new HttpError(403, 'origin_not_allowed', `requests from the browser origin ${JSON.stringify(origin)} are refused (the operator can allow it with --allow-origin ${origin})`);
    }
  }

  /** A request body must be declared as JSON (415 otherwise); a POST without a body passes. */
  checkContentType(headers: IncomingHttpHeaders): void {
    const length = headers['content-length'];
    const hasBody = headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (!hasBody) return;
    const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new HttpError(415, 'unsupported_media_type', `request bodies must be sent as Content-Type: application/json, got ${JSON.stringify(headers['content-type'] ?? '(none)')}`, { accept: 'application/json' });
    }
  }

  /** Session creation: the server token, when one is configured (401 otherwise). */
  checkServerToken(authorization: string | undefined): void {
    if (this.#token === undefined) return;
    const bearer = /^Bearer (.{1,1000})$/.exec(authorization ?? '');
    if (bearer === null || !timingSafeEqual(digest(bearer[1]!), this.#token)) {
      throw new HttpError(401, 'unauthorized', 'creating a session needs the server token as "Authorization: Bearer <token>" (lamsim serve --auth-token)', { 'www-authenticate': 'Bearer' });
    }
  }
}
