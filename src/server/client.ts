import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { EnvSnapshot, EnvSpec, Observation, RenderMode, ResetInfo, ResetResult, StepResult } from '../core/env.js';
import type { Seed } from '../core/rng.js';

export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as served. */
  readonly text: string;
}

/** A non-2xx answer, with the server's error code. */
export class ServerError extends Error {
  override name = 'ServerError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

function serverError(reply: HttpReply): ServerError {
  try {
    const { error } = JSON.parse(reply.text) as { error?: { code?: string; message?: string } };
    return new ServerError(reply.status, error?.code ?? 'http_error', error?.message ?? reply.text);
  } catch {
    return new ServerError(reply.status, 'http_error', reply.text);
  }
}

export interface CreateSessionRequest {
  readonly env: string;
  readonly make?: Record<string, unknown>;
  readonly split?: string;
  readonly seed?: Seed;
  readonly options?: Record<string, unknown>;
}

export interface CreatedSession {
  readonly session: string;
  readonly token: string;
  readonly spec: EnvSpec;
  readonly observation: Observation;
  readonly info: ResetInfo;
}

/**
 * A small TypeScript client of `lamsim serve` over keep-alive connections, for driving envs in
 * another process.
 */
export class LamsimClient {
  readonly #base: URL;
  readonly #agent: Agent;

  constructor(baseUrl: string, options: { maxSockets?: number } = {}) {
    this.#base = new URL(baseUrl);
    this.#agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  }

  /** One request; `body` is sent as JSON unless it is already a string. */
  request(method: string, path: string, body?: unknown, token?: string): Promise<HttpReply> {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
    const headers: Record<string, string | number> = {};
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.#base), { method, headers, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The parsed JSON body of a 2xx reply; a ServerError otherwise. */
  async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const reply = await this.request(method, path, body, token);
    if (reply.status < 200 || reply.status >= 300) throw serverError(reply);
    return JSON.parse(reply.text) as T;
  }

  async createSession(body: CreateSessionRequest): Promise<{ session: RemoteSession; first: CreatedSession }> {
    const first = await this.call<CreatedSession>('POST', '/v1/sessions', body);
    return { session: new RemoteSession(this, first.session, first.token, first.spec), first };
  }

  /** Closes the kept-alive connections. */
  destroy(): void {
    this.#agent.destroy();
  }
}

/** One session on the server, called with its token. */
export class RemoteSession {
  constructor(
    readonly client: LamsimClient,
    readonly id: string,
    readonly token: string,
    readonly spec: EnvSpec,
  ) {}

  #path(suffix = ''): string {
    return `/v1/sessions/${this.id}${suffix}`;
  }

  reset(args: { seed?: Seed; options?: Record<string, unknown> } = {}): Promise<ResetResult> {
    return this.client.call('POST', this.#path('/reset'), args, this.token);
  }

  step(action: unknown): Promise<StepResult> {
    return this.client.call('POST', this.#path('/step'), { action }, this.token);
  }

  async render(mode: RenderMode = 'ansi'): Promise<string> {
    const reply = await this.client.request('GET', this.#path(`/render?mode=${mode}`), undefined, this.token);
    if (reply.status !== 200) throw serverError(reply);
    return reply.text;
  }

  async snapshot(): Promise<EnvSnapshot> {
    return (await this.client.call<{ snapshot: EnvSnapshot }>('POST', this.#path('/snapshot'), {}, this.token)).snapshot;
  }

  restore(snapshot: EnvSnapshot): Promise<{ restored: true; observation?: Observation }> {
    return this.client.call('POST', this.#path('/restore'), { snapshot }, this.token);
  }

  close(): Promise<{ closed: string; steps: number }> {
    return this.client.call('DELETE', this.#path(), undefined, this.token);
  }
}
