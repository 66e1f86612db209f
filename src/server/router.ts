import { HttpError } from './http-error.js';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface Route<H> {
  readonly method: Method;
  /** A path with `:name` segments, e.g. `/v1/sessions/:id/step`. */
  readonly path: string;
  readonly handler: H;
}

interface CompiledRoute<H> extends Route<H> {
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export interface RouteMatch<H> {
  readonly handler: H;
  readonly params: Readonly<Record<string, string>>;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'invalid_request', `the path segment ${JSON.stringify(segment)} is not valid percent-encoding`);
  }
}

/** Matches a method and path to a route: an unknown path is 404, a known path with another method 405. */
export class Router<H> {
  readonly #routes: CompiledRoute<H>[];

  constructor(routes: readonly Route<H>[]) {
    this.#routes = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { ...route, pattern: new RegExp(`^${source}$`), names };
    });
  }

  match(method: string, path: string): RouteMatch<H> {
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const found = route.pattern.exec(path);
      if (found === null) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeSegment(found[i + 1]!);
      });
      return { handler: route.handler, params };
    }
    if (allowed.length > 0) {
      throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${path} (allowed: ${allowed.join(', ')})`, { allow: allowed.join(', ') });
    }
    throw new HttpError(404, 'not_found', `no route ${method} ${path} (see GET /v1/health and the protocol table in the README)`);
  }
}
