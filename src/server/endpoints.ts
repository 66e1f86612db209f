import { z } from 'zod';
import { DefinitionError } from '../core/environment.js';
import { EnvUsageError, type Env, type EnvSnapshot, type Observation, type RenderMode } from '../core/env.js';
import { describeZodError } from '../core/options.js';
import { registeredIds, registration } from '../core/registry.js';
import { TemplateError } from '../tasks/generate.js';
import { VERSION } from '../core/version.js';
import { parseBody } from './body.js';
import { HttpError, type ErrorCode } from './http-error.js';
import { worldCacheStats } from '../core/world-cache.js';
import { CreateSessionBody, quickResetBody, quickStepBody, RENDER_CONTENT_TYPES, RENDER_MODES, ResetBody, RestoreBody, SnapshotBody, StepBody } from './protocol.js';
import { replyJson } from './reply-json.js';
import type { RequestGuard } from './request-guard.js';
import type { Route } from './router.js';
import type { Session, SessionStore } from './session-store.js';
import type { SnapshotStore } from './snapshot-store.js';
import { markSent, observationDelta } from './transcript-delta.js';
import { checkInstanceWorld, checkWorldOptions, type WorldPolicy } from './world-policy.js';

export interface RequestContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  /** The raw body ('' for endpoints that read none). */
  readonly body: string;
}

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Endpoint {
  /** Whether it reads a body, and under which limit: the body limit, or the (larger) snapshot limit. */
  readonly readsBody: boolean | 'snapshot';
  handle(ctx: RequestContext): Reply | Promise<Reply>;
}

/** What the endpoints share: the sessions, stored snapshots, policies and running counts. */
export interface ServerState {
  readonly sessions: SessionStore;
  readonly snapshots: SnapshotStore;
  readonly worldPolicy: WorldPolicy;
  readonly guard: RequestGuard;
  readonly startedAt: number;
  readonly now: () => number;
  steps: number;
  created: number;
  /** The worker's index under `serve --workers`, and how many there are. */
  readonly worker?: number;
  readonly workers?: number;
}

const json = (status: number, value: unknown, headers?: Record<string, string>): Reply => ({ status, body: replyJson(value), ...(headers ? { headers } : {}) });

/** A mistake in what the client asked of the env (400), or a fault of the env itself (500). */
function envFailure(error: unknown, code: ErrorCode): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof EnvUsageError || error instanceof DefinitionError || error instanceof TemplateError) return new HttpError(400, code, error.message);
  if (error instanceof z.ZodError) return new HttpError(400, code, describeZodError(error));
  return new HttpError(500, 'env_error', `the environment failed: ${(error as Error)?.message ?? String(error)}`);
}

/** The current observation, for envs that expose one (every ToolEnv does). */
function currentObservation(env: Env): Observation | undefined {
  const read = (env as { observation?: () => Observation }).observation;
  return typeof read === 'function' ? read.call(env) : undefined;
}

/** `?transcript=full` (or the body's `transcript`) asks for the whole transcript; `?since=N` for the messages from N on. */
function transcriptMode(query: URLSearchParams, fromBody: 'delta' | 'full' | undefined): { full: boolean; since?: number } {
  const asked = query.get('transcript') ?? fromBody ?? 'delta';
  if (asked !== 'delta' && asked !== 'full') throw new HttpError(400, 'invalid_request', `transcript must be delta or full, got ${JSON.stringify(asked)}`);
  const since = query.get('since');
  if (since === null) return { full: asked === 'full' };
  if (!/^\d{1,9}$/.test(since)) throw new HttpError(400, 'invalid_request', `since must be a message count, got ${JSON.stringify(since)}`);
  return { full: asked === 'full', since: Number(since) };
}

function sessionOf(state: ServerState, ctx: RequestContext): Session {
  return state.sessions.access(ctx.params['id']!, ctx.authorization);
}

export function endpoints(state: ServerState): Route<Endpoint>[] {
  const { sessions } = state;
  return [
    {
      method: 'GET',
      path: '/v1/health',
      handler: {
        readsBody: false,
        handle: () =>
          json(200, {
            status: 'ok',
            version: VERSION,
            sessions: sessions.size,
            maxSessions: sessions.limits.maxSessions,
            sessionTtlMs: sessions.limits.ttlMs,
            maxSessionSteps: sessions.limits.maxSteps,
            sessionsCreated: state.created,
            ...(state.worker !== undefined ? { worker: state.worker, workers: state.workers } : {}),
            pid: process.pid,
            worldCache: worldCacheStats(),
            storedSnapshots: { count: state.snapshots.size, bytes: state.snapshots.bytes },
            steps: state.steps,
            uptimeMs: state.now() - state.startedAt,
          }),
      },
    },
    {
      method: 'GET',
      path: '/v1/envs',
      handler: {
        readsBody: false,
        handle: () =>
          json(200, {
            envs: registeredIds().map((id) => {
              const entry = registration(id);
              const env = entry.environment;
              if (!env) return { id, description: entry.description };
              return { id, description: entry.description, splits: [...env.splits.keys()], defaultSplit: env.definition.defaultSplit, actionFormats: env.formats, tools: env.registry.size, templates: env.templates.size };
            }),
          }),
      },
    },
    {
      method: 'POST',
      path: '/v1/sessions',
      handler: {
        readsBody: true,
        handle(ctx) {
          state.guard.checkServerToken(ctx.authorization);
          const body = parseBody(ctx.body, CreateSessionBody);
          let entry;
          try {
            entry = registration(body.env);
          } catch (error) {
            throw new HttpError(400, 'unknown_env', (error as Error).message);
          }
          const make = { ...body.make };
          if (body.split !== undefined) {
            if (make['split'] !== undefined && make['split'] !== body.split) throw new HttpError(400, 'invalid_request', `split ${JSON.stringify(body.split)} and make.split ${JSON.stringify(make['split'])} disagree; give one`);
            make['split'] = body.split;
          }
          checkWorldOptions(state.worldPolicy, make);
          checkInstanceWorld(state.worldPolicy, entry.environment, body.options);
          sessions.ensureRoom();
          let env: Env;
          let first;
          try {
            env = entry.make(make);
          } catch (error) {
            throw envFailure(error, 'bad_options');
          }
          try {
            first = env.reset({ ...(body.seed !== undefined ? { seed: body.seed } : {}), ...(body.options ? { options: body.options } : {}) });
          } catch (error) {
            env.close();
            throw envFailure(error, 'bad_options');
          }
          const { session, token } = sessions.open(entry.id, env);
          markSent(session.sent, first.observation);
          state.created++;
          return json(201, { session: session.id, token, spec: env.spec, observation: first.observation, info: first.info }, { location: `/v1/sessions/${session.id}` });
        },
      },
    },
    {
      method: 'POST',
      path: '/v1/sessions/:id/reset',
      handler: {
        readsBody: true,
        handle(ctx) {
          const session = sessionOf(state, ctx);
          const body = parseBody(ctx.body, ResetBody, quickResetBody);
          checkInstanceWorld(state.worldPolicy, registration(session.envId).environment, body.options);
          let result;
          try {
            result = session.env.reset({ ...(body.seed !== undefined ? { seed: body.seed } : {}), ...(body.options ? { options: body.options } : {}) });
          } catch (error) {
            throw envFailure(error, 'bad_options');
          }
          markSent(session.sent, result.observation);
          return json(200, result);
        },
      },
    },
    {
      method: 'POST',
      path: '/v1/sessions/:id/step',
      handler: {
        readsBody: true,
        handle(ctx) {
          const session = sessionOf(state, ctx);
          const { action, transcript } = parseBody(ctx.body, StepBody, quickStepBody);
          const mode = transcriptMode(ctx.query, transcript);
          sessions.checkStepAllowed(session);
          let result;
          try {
            result = session.env.step(action);
          } catch (error) {
            if (error instanceof EnvUsageError) throw new HttpError(409, 'episode_over', `${error.message} (POST /v1/sessions/${session.id}/reset)`);
            throw envFailure(error, 'env_error');
          }
          session.steps++;
          state.steps++;
          if (mode.full) {
            markSent(session.sent, result.observation);
            return json(200, result);
          }
          return json(200, { ...result, observation: observationDelta(session.sent, result.observation, mode.since) });
        },
      },
    },
    {
      method: 'GET',
      path: '/v1/sessions/:id/render',
      handler: {
        readsBody: false,
        handle(ctx) {
          const session = sessionOf(state, ctx);
          const mode = (ctx.query.get('mode') ?? 'ansi') as RenderMode;
          if (!RENDER_MODES.includes(mode)) throw new HttpError(400, 'invalid_request', `mode must be one of ${RENDER_MODES.join(', ')}, got ${JSON.stringify(mode)}`);
          try {
            return { status: 200, body: session.env.render(mode), contentType: RENDER_CONTENT_TYPES[mode] };
          } catch (error) {
            throw envFailure(error, 'env_error');
          }
        },
      },
    },
    {
      method: 'POST',
      path: '/v1/sessions/:id/snapshot',
      handler: {
        readsBody: true,
        handle(ctx) {
          const session = sessionOf(state, ctx);
          const { store } = parseBody(ctx.body, SnapshotBody);
          let snapshot;
          try {
            snapshot = session.env.snapshot();
          } catch (error) {
            throw envFailure(error, 'env_error');
          }
          return json(200, store === true ? state.snapshots.put(session.id, snapshot) : { snapshot });
        },
      },
    },
    {
      method: 'POST',
      path: '/v1/sessions/:id/restore',
      handler: {
        readsBody: 'snapshot',
        handle(ctx) {
          const session = sessionOf(state, ctx);
          const body = parseBody(ctx.body, RestoreBody);
          const snapshot = body.handle !== undefined ? state.snapshots.get(session.id, body.handle) : (body.snapshot as EnvSnapshot);
          const before = session.env.snapshot();
          try {
            session.env.restore(snapshot);
          } catch (error) {
            session.env.restore(before);
            throw new HttpError(400, 'bad_snapshot', `the snapshot cannot be restored: ${(error as Error)?.message ?? String(error)}`);
          }
          const observation = currentObservation(session.env);
          if (observation) markSent(session.sent, observation);
          return json(200, observation ? { restored: true, observation } : { restored: true });
        },
      },
    },
    {
      method: 'DELETE',
      path: '/v1/sessions/:id',
      handler: {
        readsBody: false,
        handle(ctx) {
          const session = sessionOf(state, ctx);
          sessions.close(session.id);
          return json(200, { closed: session.id, steps: session.steps });
        },
      },
    },
  ];
}
