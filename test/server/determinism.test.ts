import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkShape } from '../../src/actions/safe-json.js';
import { stableJson, ToolEnv, type Observation } from '../../src/index.js';
import { hostileAction } from '../../src/testing/index.js';
import { kvEnvironment, kvTools } from '../fixtures/kv-env.js';
import { kvPolicy, kvServer, type KvServer } from './kv-server.js';

let kv: KvServer;
beforeAll(async () => {
  kv = await kvServer();
});
afterAll(() => kv.stop());

/** What the agent does at one step: the scripted move, or anything at all. */
type Move = { kind: 'policy' } | { kind: 'raw'; action: unknown };

/**
 * Deepest action this property sends. JSON.stringify recurses on the native stack, so whether it
 * can write a value a few thousand levels deep depends on how deep the call already is: the check
 * below and the client's own serialising (delta.step) could disagree on the same value. Deeper
 * bodies are sent as text by the test after this one.
 */
const MAX_SENT_NESTING = 1000;

/** The action as it crosses the wire (what the server will see), or undefined if JSON cannot carry it. */
function overTheWire(action: unknown): { wire: string; action: unknown } | undefined {
  // checkShape walks without recursion: it can measure what JSON.stringify might not write
  if (checkShape(action, { maxDepth: MAX_SENT_NESTING, maxNodes: Infinity, maxChars: Infinity }) !== null) return undefined;
  let wire: string | undefined;
  try {
    wire = JSON.stringify({ action });
  } catch {
    return undefined;
  }
  const back = JSON.parse(wire) as { action?: unknown };
  return back.action === undefined ? undefined : { wire, action: back.action };
}

const moves: fc.Arbitrary<Move> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Move>({ kind: 'policy' }) },
  { weight: 2, arbitrary: hostileAction(kvTools.map((t) => t.name)).map((action): Move => ({ kind: 'raw', action })) },
);

describe('determinism over the wire', () => {
  it('serves byte-for-byte the stable JSON of the in-process results for the same seed and actions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 10_000 }), fc.constantFrom('train', 'test'), fc.constantFrom('openai', 'auto'), fc.array(moves, { minLength: 1, maxLength: 14 }), async (seed, split, actionFormat, plan) => {
        const local = new ToolEnv(kvEnvironment, { split, actionFormat, maxSteps: 6 });
        const first = local.reset({ seed });
        const { session, first: served } = await kv.client.createSession({ env: 'KeyValue-v0', seed, split, make: { actionFormat, maxSteps: 6 } });
        const { session: delta } = await kv.client.createSession({ env: 'KeyValue-v0', seed, split, make: { actionFormat, maxSteps: 6 } });
        expect(stableJson({ observation: served.observation, info: served.info })).toBe(stableJson(first));
        let observation: Observation = first.observation;
        for (const move of plan) {
          const sent = overTheWire(move.kind === 'policy' ? kvPolicy(observation) : move.action);
          if (sent === undefined) continue;
          const reply = await kv.client.request('POST', `/v1/sessions/${session.id}/step?transcript=full`, sent.wire, session.token);
          const expected = local.step(sent.action);
          expect(reply.status).toBe(200);
          expect(reply.text).toBe(stableJson(expected));
          expect(JSON.parse(reply.text)).toEqual(JSON.parse(JSON.stringify(expected)));
          expect(stableJson(await delta.step(sent.action)), 'the client reassembles incremental replies').toBe(reply.text);
          observation = expected.observation;
          if (expected.terminated || expected.truncated) {
            const again = await kv.client.request('POST', `/v1/sessions/${session.id}/reset`, {}, session.token);
            const expectedReset = local.reset();
            expect(again.text).toBe(stableJson(expectedReset));
            expect(stableJson(await delta.reset())).toBe(again.text);
            observation = expectedReset.observation;
          }
        }
        expect(await session.render('json')).toBe(local.render('json'));
        await session.close();
        await delta.close();
      }),
      { numRuns: 40 },
    );
  });

  it('answers bodies nested far deeper than any client could serialise as the env does in process', async () => {
    for (const depth of [1_500, 20_000, 100_000]) {
      const shapes = [
        `${'['.repeat(depth)}${']'.repeat(depth)}`,
        `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
        `{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"get","arguments":${'['.repeat(depth)}${']'.repeat(depth)}}}]}`,
      ];
      for (const [i, text] of shapes.entries()) {
        const body = `{"action":${text}}`;
        const local = new ToolEnv(kvEnvironment, { split: 'train', maxSteps: 6 });
        local.reset({ seed: 3 });
        const { session } = await kv.client.createSession({ env: 'KeyValue-v0', seed: 3, split: 'train', make: { maxSteps: 6 } });
        const reply = await kv.client.request('POST', `/v1/sessions/${session.id}/step?transcript=full`, body, session.token);
        const expected = local.step((JSON.parse(body) as { action: unknown }).action);
        expect(reply.status, `${depth} deep, shape ${i}`).toBe(200);
        expect(reply.text).toBe(stableJson(expected));
        expect(expected.info.action.errorClass).toBe('structure');
        await session.close();
      }
    }
  });

  it('two sessions fed the same seed and actions answer with identical bytes', async () => {
    const a = await kv.client.createSession({ env: 'KeyValue-v0', seed: 21, split: 'test' });
    const b = await kv.client.createSession({ env: 'KeyValue-v0', seed: 21, split: 'test' });
    let observation = a.first.observation;
    for (const action of ['think', { role: 'assistant', content: 'no call' }, null]) {
      const ra = await kv.client.request('POST', `/v1/sessions/${a.session.id}/step?transcript=full`, { action }, a.session.token);
      const rb = await kv.client.request('POST', `/v1/sessions/${b.session.id}/step?transcript=full`, { action }, b.session.token);
      expect(ra.text).toBe(rb.text);
      observation = JSON.parse(ra.text).observation;
    }
    const action = kvPolicy(observation);
    const ra = await kv.client.request('POST', `/v1/sessions/${a.session.id}/step`, { action }, a.session.token);
    const rb = await kv.client.request('POST', `/v1/sessions/${b.session.id}/step`, { action }, b.session.token);
    expect(ra.text).toBe(rb.text);
    expect(JSON.parse(ra.text).info.action.ok).toBe(true);
    await a.session.close();
    await b.session.close();
  });
});
