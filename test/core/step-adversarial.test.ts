import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { CorpusPlayer, loadCorpus } from '../../benchmarks/harness/adversarial-corpus.js';
import { EnvUsageError, make, type Env } from '../../src/index.js';
import { MAX_ANSWER_CHARS, MAX_CALLER_DEPTH } from '../../src/core/tool-env.js';

/** Loose, for a shared 2-core box: the benchmark holds the real target (50 ms a step). */
const BOUND_MS = 2000;
const MB = 1 << 20;

const deepObject = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
const deepArray = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('step on adversarial actions', () => {
  it('plays every entry of the benchmark corpus without throwing', () => {
    const player = new CorpusPlayer({ collectGarbage: false });
    for (const entry of loadCorpus()) {
      const step = player.play(entry);
      expect(step.outcome, entry.name).not.toMatch(/^threw/);
      expect(step.ms, entry.name).toBeLessThan(BOUND_MS);
    }
  });

  it('never throws and stays within a loose time bound on megabyte actions in every slot of every format', () => {
    const envs = new Map<string, Env>();
    const envFor = (id: string, format: string) => {
      const key = `${id}/${format}`;
      if (!envs.has(key)) envs.set(key, make(id, { actionFormat: format }));
      return envs.get(key)!;
    };
    const unit = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', "'", '.', ',', ' ', '\n', '\\', 'a', '1', '<', '>', '/', '%', '_', ':', 'ﬁ'), minLength: 1, maxLength: 8 });
    const slot = fc.constantFrom('finish-object', 'finish-text', 'arguments-text', 'content', 'name', 'react-input', 'react-thought', 'xlam', 'tags-respond', 'tags-execute', 'raw-string');
    fc.assert(
      fc.property(fc.constantFrom('ToolBench-v0', 'CRMArena-v0'), slot, unit, fc.integer({ min: 1, max: MB }), fc.integer({ min: 0, max: 20 }), (id, where, piece, size, seed) => {
        const crm = id === 'CRMArena-v0';
        const fin = crm ? 'respond' : 'Finish';
        const key = crm ? 'content' : 'final_answer';
        const filler = piece.repeat(Math.max(1, Math.floor(size / piece.length)));
        const answerArgs = (answer: unknown) => (crm ? { content: answer } : { return_type: 'give_answer', final_answer: answer });
        const call = (name: string, args: unknown, content: unknown = null) => ({ role: 'assistant', content, tool_calls: [{ id: 'c', type: 'function', function: { name, arguments: args } }] });
        const [format, action]: [string, unknown] = (() => {
          switch (where) {
            case 'finish-object': return ['openai', call(fin, answerArgs(filler))];
            case 'finish-text': return ['openai', call(fin, JSON.stringify(answerArgs(filler)))];
            case 'arguments-text': return ['openai', call(fin, filler)];
            case 'content': return ['openai', call(fin, answerArgs('x'), filler)];
            case 'name': return ['openai', call(filler, {})];
            case 'react-input': return ['react', `Thought: t\nAction: ${fin}\nAction Input: ${filler}`];
            case 'react-thought': return ['react', `Thought: ${filler}\nAction: ${fin}\nAction Input: ${JSON.stringify({ [key]: 'x' })}`];
            case 'xlam': return ['xlam', filler];
            case 'tags-respond': return [crm ? 'react-tags' : 'react', crm ? `<respond>${filler}</respond>` : filler];
            case 'tags-execute': return [crm ? 'react-tags' : 'react', crm ? `<execute>${filler}</execute>` : filler];
            default: return ['openai', filler];
          }
        })();
        const env = envFor(id, format);
        env.reset({ seed, ...(crm ? { options: { split: 'all' } } : {}) });
        const start = performance.now();
        const result = env.step(action);
        expect(performance.now() - start).toBeLessThan(BOUND_MS);
        expect(typeof result.reward).toBe('number');
      }),
      { numRuns: 60, seed: 1010 },
    );
  });

  it('classifies arguments, answers and messages nested 50,000 deep as structure errors', () => {
    const env = make('ToolBench-v0', { actionFormat: 'openai' });
    for (const args of [{ return_type: 'give_answer', final_answer: deepObject(50_000) }, deepObject(50_000), deepArray(100_000)]) {
      env.reset({ seed: 1 });
      const result = env.step({ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'Finish', arguments: args } }] });
      expect(result.info.action.errorClass).toBe('structure');
      expect(result.info.action.message).toMatch(/nested too deeply/);
    }
    env.reset({ seed: 1 });
    expect(env.step({ role: 'assistant', content: deepObject(50_000), tool_calls: [deepObject(50_000)] }).info.action.errorClass).toBe('structure');
  });

  it('judges an answer longer than the cap wrong without reading it, and one within it as usual', () => {
    const env = make('ToolBench-v0', { actionFormat: 'openai' }) as Env & { instance: { solution: { answer: string } } };
    env.reset({ seed: 1 });
    const truth = env.instance.solution.answer;
    const long = `${truth} ${' '.repeat(MAX_ANSWER_CHARS)}`;
    const finish = (answer: string) => env.step({ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'Finish', arguments: { return_type: 'give_answer', final_answer: answer } } }] });
    const refused = finish(long);
    expect(refused.info.answer?.correct).toBe(false);
    expect(refused.info.answer?.detail).toBe(`the answer is too long to check (${long.length} characters; at most ${MAX_ANSWER_CHARS})`);
    env.reset({ seed: 1 });
    expect(finish(truth).info.answer?.correct).toBe(true);
  });
});

describe('caller values nested too deeply are usage errors, never a stack overflow', () => {
  const expectUsageError = (run: () => unknown, pattern: RegExp) => {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvUsageError);
    expect((thrown as Error).message).toMatch(pattern);
  };

  it('in reset options, make options and snapshots, for both environments', () => {
    for (const id of ['ToolBench-v0', 'CRMArena-v0']) {
      const env = make(id);
      env.reset({ seed: 2 });
      const instance = (env as unknown as { instance: Record<string, unknown> }).instance;
      expect(instance).toBeTruthy();
      const tooDeep = `nested too deeply \\(more than ${MAX_CALLER_DEPTH} levels\\)`;
      expectUsageError(() => env.reset({ options: { instance: { ...instance, groundTruth: deepObject(50_000) } } }), new RegExp(`^invalid reset options: .*${tooDeep}`));
      expectUsageError(() => env.reset({ options: { instance: { ...instance, groundTruth: deepArray(5_000), compare: { kind: 'set' } } } }), new RegExp(tooDeep));
      expectUsageError(() => env.reset({ options: { rewards: deepObject(50_000) as never } }), new RegExp(tooDeep));
      expectUsageError(() => make(id, { world: { size: deepObject(50_000) } }), new RegExp(`^invalid options for ${id}: .*${tooDeep}`));
      expectUsageError(() => make(id, { world: { no_such_option: 1 } }), new RegExp(`^invalid world options for ${id}: `));
      env.reset({ seed: 2 });
      const data = env.snapshot().data as Record<string, unknown>;
      for (const bad of [{ state: deepObject(50_000) }, { messages: [{ role: 'user', content: deepArray(50_000) }] }, { answer: { answer: 'x', gaveUp: false, correct: false, score: 0, detail: '', groundTruth: deepObject(50_000) } }]) {
        expectUsageError(() => env.restore({ env: id, data: { ...data, ...bad } as never }), new RegExp(`^not a snapshot of ${id}: .*${tooDeep}`));
      }
      // A ground truth within the bound still plays.
      env.reset({ options: { instance: { ...instance, groundTruth: deepArray(MAX_CALLER_DEPTH - 5), compare: { kind: 'set' } } } });
      expect(env.step('not an action').terminated).toBe(false);
    }
  });
});
