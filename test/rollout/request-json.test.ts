import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/messages.js';
import { toolsTranscript } from '../../src/rollout/chat-transcript.js';
import { jsonList, requestJson, withJson } from '../../src/rollout/request-json.js';

const text = fc.string({ unit: 'binary', maxLength: 40 });
const call = fc.record({ id: text, type: fc.constant('function' as const), function: fc.record({ name: text, arguments: text }) });
const message: fc.Arbitrary<ChatMessage> = fc.oneof(
  fc.record({ role: fc.constant('system' as const), content: text }),
  fc.record({ role: fc.constant('user' as const), content: text }),
  fc.record({ role: fc.constant('assistant' as const), content: fc.option(text, { nil: undefined }), tool_calls: fc.option(fc.array(call, { maxLength: 3 }), { nil: undefined }) }, { requiredKeys: ['role'] }),
  fc.record({ role: fc.constant('tool' as const), tool_call_id: text, name: text, content: text }),
);

describe('request JSON', () => {
  it('writes what JSON.stringify writes, step after step of a growing transcript whose messages are serialised once', () => {
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ name: text, description: text, parameters: fc.jsonValue({ maxDepth: 2 }) }), { maxLength: 3 }),
        fc.record({ temperature: fc.double({ min: 0, max: 2 }), seed: fc.option(fc.nat(), { nil: undefined }), n: fc.option(fc.integer({ min: 2, max: 4 }), { nil: undefined }) }),
        (messages, specs, sampling) => {
          const tools = jsonList(specs.map((f) => withJson({ type: 'function' as const, function: f })), true);
          for (let upto = 1; upto <= messages.length; upto++) {
            const body = { model: 'm', messages: toolsTranscript(messages.slice(0, upto)), ...(tools.length > 0 ? { tools, parallel_tool_calls: false } : {}), ...sampling };
            expect(requestJson(body)).toEqual(Buffer.from(JSON.stringify(body)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes unregistered values and lists of them as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), fc.array(fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v === 'object' && v !== null), { maxLength: 4 }), (body, items) => {
        const list = jsonList(items as object[]);
        const joined = jsonList(items.map((item) => withJson(item as object)), true);
        expect(requestJson(body)).toEqual(Buffer.from(JSON.stringify(body)));
        expect(requestJson({ ...body, list })).toEqual(Buffer.from(JSON.stringify({ ...body, list })));
        expect(requestJson({ ...body, joined, list })).toEqual(Buffer.from(JSON.stringify({ ...body, joined, list })));
      }),
      { numRuns: 200 },
    );
  });
});
