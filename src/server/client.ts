import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { EnvSnapshot, EnvSpec, Observation, RenderMode, ResetInfo, ResetResult, StepResult } from '../core/env.js';
import type { Seed } from '../core/rng.js';
import type { ObservationDelta } from './transcript-delta.js';

const gzipAsync = promisify(gzip);

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
  readonly #authToken: string | undefined;

  /** `authToken`: the server's session-creation token, when it was started with one. */
  constructor(baseUrl: string, options: { maxSockets?: number; authToken?: string } = {}) {
    this.#base = new URL(baseUrl);
    this.#agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
    this.#authToken = options.authToken;
  }

  /** One request; `body` is sent as JSON unless it is already a string or (gzipped JSON) a Buffer. */
  request(method: string, path: string, body?: unknown, token?: string): Promise<HttpReply> {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
    const headers: Record<string, string | number> = {};
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
      if (Buffer.isBuffer(body)) headers['content-encoding'] = 'gzip';
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
    const first = await this.call<CreatedSession>('POST', '/v1/sessions', body, this.#authToken);
    return { session: new RemoteSession(this, first.session, first.token, first.spec, first.observation), first };
  }

  /** Closes the kept-alive connections. */
  destroy(): void {
    this.#agent.destroy();
  }
}

type DeltaStepResult = Omit<StepResult, 'observation'> & { observation: ObservationDelta };

/**
 * One session on the server, called with its token. Step replies carry only the new messages; the
 * session keeps the transcript and hands back whole observations, as the env would.
 */
export class RemoteSession {
  #observation: Observation;

  constructor(
    readonly client: LamsimClient,
    readonly id: string,
    readonly token: string,
    readonly spec: EnvSpec,
    observation: Observation,
  ) {
    this.#observation = observation;
  }

  /** The observation as of the last reply. */
  get observation(): Observation {
    return this.#observation;
  }

  #path(suffix = ''): string {
    return `/v1/sessions/${this.id}${suffix}`;
  }

  async reset(args: { seed?: Seed; options?: Record<string, unknown> } = {}): Promise<ResetResult> {
    const result = await this.client.call<ResetResult>('POST', this.#path('/reset'), args, this.token);
    this.#observation = result.observation;
    return result;
  }

  /** One step; the observation is reassembled from the reply's new messages. */
  async step(action: unknown): Promise<StepResult> {
    const reply = await this.client.call<DeltaStepResult>('POST', this.#path('/step'), { action }, this.token);
    const { from, messages, tools } = reply.observation;
    const held = this.#observation.messages;
    if (from > held.length) throw new ServerError(200, 'transcript_gap', `the reply continues the transcript at message ${from}, but this client holds ${held.length}`);
    const observation: Observation = { messages: from === held.length ? [...held, ...messages] : [...held.slice(0, from), ...messages], tools: tools ?? this.#observation.tools };
    this.#observation = observation;
    return { ...reply, observation };
  }

  /** One step with the whole transcript in the reply (what `?transcript=full` serves). */
  async stepFull(action: unknown): Promise<StepResult> {
    const result = await this.client.call<StepResult>('POST', this.#path('/step?transcript=full'), { action }, this.token);
    this.#observation = result.observation;
    return result;
  }

  async render(mode: RenderMode = 'ansi'): Promise<string> {
    const reply = await this.client.request('GET', this.#path(`/render?mode=${mode}`), undefined, this.token);
    if (reply.status !== 200) throw serverError(reply);
    return reply.text;
  }

  async snapshot(): Promise<EnvSnapshot> {
    return (await this.client.call<{ snapshot: EnvSnapshot }>('POST', this.#path('/snapshot'), {}, this.token)).snapshot;
  }

  /** Keeps a snapshot on the server; restore it with `restoreHandle`. */
  store(): Promise<{ handle: string; bytes: number }> {
    return this.client.call('POST', this.#path('/snapshot'), { store: true }, this.token);
  }

  /** Restores a snapshot from anywhere (sent gzipped, so long episodes fit the snapshot limit). */
  async restore(snapshot: EnvSnapshot): Promise<{ restored: true; observation?: Observation }> {
    return this.#restored(await this.client.call('POST', this.#path('/restore'), await gzipAsync(JSON.stringify({ snapshot })), this.token));
  }

  async restoreHandle(handle: string): Promise<{ restored: true; observation?: Observation }> {
    return this.#restored(await this.client.call('POST', this.#path('/restore'), { handle }, this.token));
  }

  #restored(result: { restored: true; observation?: Observation }): { restored: true; observation?: Observation } {
    if (result.observation) this.#observation = result.observation;
    return result;
  }

  close(): Promise<{ closed: string; steps: number }> {
    return this.client.call('DELETE', this.#path(), undefined, this.token);
  }
}
