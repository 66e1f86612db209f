import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, stableJson, ToolEnv, USER_PHRASES, encodeMessage } from '../../src/index.js';
import { checkEnv } from '../../src/testing/index.js';
import { askFor, conversationMoves } from '../../src/rollout/conversation-plan.js';
import { assertUserDeterminism, messagePool, noisyConversations, userTurns } from '../fixtures/conversation.js';
import { playOracle } from '../fixtures/play.js';
import { env } from '../toolbench/helpers.js';

const templates = env.split('multi-turn').templates.map((t) => t.id);
const FORMATS = ['openai', 'xlam', 'react'] as const;

describe('multi-turn ToolBench tasks', () => {
  it(`has at least 10 templates in the multi-turn split, and only there`, () => {
    expect(templates.length).toBeGreaterThanOrEqual(10);
    for (const split of env.splits.keys()) {
      if (split === 'multi-turn') continue;
      expect(env.split(split).templates.filter((t) => t.conversation !== undefined).map((t) => t.id), split).toEqual([]);
    }
  });

  it('the oracle asks exactly what is missing and solves every template in every format with return 1', async () => {
    for (const format of FORMATS) {
      const toolEnv = new ToolEnv(env, { split: 'multi-turn', actionFormat: format });
      for (const template of templates) {
        for (let seed = 0; seed < 6; seed++) {
          const episode = await playOracle(toolEnv, seed, { template });
          const where = `${format}/${template}/seed ${seed}`;
          expect(episode.correct, `${where}: ${episode.detail}`).toBe(true);
          expect(episode.return, where).toBe(1);
          const instance = toolEnv.instance!;
          expect(episode.steps, where).toBe(conversationMoves(env, instance).length);
          // It asked for every withheld need and nothing else.
          const withheld = instance.conversation!.topics.filter((t) => t.withheld).map((t) => t.name);
          const needed = new Set(instance.conversation!.intents.flatMap((i) => i.needs.filter((n) => n !== i.sets?.topic)));
          const asks = conversationMoves(env, instance).filter((m) => m.kind === 'say').flatMap((m) => (m.kind === 'say' ? m.topics : []));
          expect([...asks].sort(), where).toEqual(withheld.filter((n) => needed.has(n)).sort());
        }
      }
    }
  });

  it('the noisy oracle answers before asking and asks redundant questions, and fixes them', async () => {
    const { penalties, fixedAndSolved } = await noisyConversations(env, 'multi-turn', 120, { premature: 0.5, redundant: 0.15 });
    expect(penalties.get('prematureAnswer') ?? 0).toBeGreaterThan(10);
    expect(penalties.get('redundantQuestion') ?? 0).toBeGreaterThan(5);
    expect(fixedAndSolved).toBeGreaterThan(20);
  });

  it('same seed and same agent messages give byte-identical user turns and infos, in every format', () => {
    assertUserDeterminism(env, FORMATS, { maxMessages: 12, numRuns: 60 });
  });

  it('the user says no fact it never had, never echoes the agent, and never reveals an answer it was not told', () => {
    const toolEnv = new ToolEnv(env, { split: 'multi-turn' });
    const fixed = Object.values(USER_PHRASES).flat().join(' ');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), fc.boolean(), (seed, picks, answer) => {
        toolEnv.reset({ seed });
        const instance = toolEnv.instance!;
        const conversation = instance.conversation!;
        const moves = conversationMoves(env, instance);
        const pool = messagePool(instance);
        let passed = 0;
        for (const pick of picks) {
          // Mix the user's questions with the oracle's moves (tool outputs enter the transcript too).
          const move = moves[Math.min(passed, moves.length - 1)]!;
          const action = answer && pick % 2 === 0 ? (move.kind === 'say' ? encodeMessage('openai', move.text) : { role: 'assistant', content: null, tool_calls: [{ id: `c${passed}`, type: 'function', function: { name: move.call.tool, arguments: JSON.stringify(move.call.arguments) } }] }) : encodeMessage('openai', pool[pick % pool.length]!);
          const r = toolEnv.step(action);
          if (r.info.action.ok) passed++;
          if (r.terminated || r.truncated) break;
        }
        // Everything the user may say: its fixed phrases, the instance's texts, labels, values and replies.
        const vocabulary = new Set(
          normalizeText([fixed, ...conversation.intents.map((i) => i.text), ...conversation.topics.flatMap((t) => [t.label, t.value, ...t.replies]), ...conversation.intents.flatMap((i) => (i.sets ? [i.sets.value] : []))].join(' '))
            .split(/[^\p{L}\p{N}]+/u)
            .filter((w) => w !== ''),
        );
        const facts = new Set([...conversation.topics.map((t) => normalizeText(t.value)), ...conversation.intents.flatMap((i) => (i.sets ? [normalizeText(i.sets.value)] : []))]);
        for (const turn of userTurns(toolEnv)) {
          for (const word of normalizeText(turn).split(/[^\p{L}\p{N}]+/u)) if (word !== '') expect(vocabulary.has(word), `"${word}" in ${JSON.stringify(turn)}`).toBe(true);
          expect(turn).not.toContain('zqxj42');
          for (const intent of conversation.intents) {
            const truth = normalizeText(intent.answer);
            if (truth.length < 3 || facts.has(truth)) continue;
            expect(normalizeText(turn).includes(truth), `answer ${intent.answer} in ${JSON.stringify(turn)}`).toBe(false);
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it('checkEnv covers the user turns of multi-turn episodes', () => {
    for (const format of FORMATS) {
      const results = checkEnv(new ToolEnv(env, { split: 'multi-turn', actionFormat: format }), { hostileActions: 60 });
      expect(results.find((r) => r.name === 'the simulated user of multi-turn episodes')?.ok).toBe(true);
    }
  });

  it('keeps single-turn episodes as they were: a plain message is still a structure error there', () => {
    const toolEnv = new ToolEnv(env, { split: 'train' });
    toolEnv.reset({ seed: 3 });
    expect(toolEnv.instance!.conversation).toBeUndefined();
    const r = toolEnv.step({ role: 'assistant', content: 'Which city do you mean?' });
    expect(r.info.action.errorClass).toBe('structure');
    expect(r.info.user).toBeUndefined();
  });
});
