import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash, stableJson, ToolEnv } from '../../src/index.js';
import { collect } from '../../src/rollout/collector.js';
import { PolicyFailure } from '../../src/rollout/episode.js';
import { NoisyOraclePolicy } from '../../src/rollout/noisy-oracle.js';
import { OraclePolicy } from '../../src/rollout/oracle.js';
import type { Policy } from '../../src/rollout/policy.js';
import { callArguments, episodeKey, rawAction, recordHash, serializeRecord, TrajectoryRecordSchema, type TrajectoryRecord } from '../../src/rollout/record.js';
import { jsonEqual, StableSerializer } from '../../src/rollout/stable-serializer.js';
import { TrajectoryLog } from '../../src/rollout/trajectory-log.js';
import { JsonlError } from '../../src/data/jsonl.js';
import { collectFile } from '../fixtures/collected.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { tempDir } from '../fixtures/memory-io.js';

/** A fresh env replaying a record's first `steps` played actions. */
function replay(record: TrajectoryRecord, steps: number): ToolEnv {
  const env = new ToolEnv(kvEnvironment, { actionFormat: record.acceptedFormats });
  env.reset({ seed: record.seed, options: { split: record.split } });
  for (const step of record.steps.slice(0, steps)) env.step(rawAction(step));
  return env;
}

describe('collector and trajectory records', () => {
  it('writes valid, self-hashed records that a fresh env replays exactly', async () => {
    const { lines, records } = await collectFile(tempDir(), 'a.jsonl', { samplesPerStep: 1, episodes: 40 });
    expect(records).toHaveLength(40);
    records.forEach((record, i) => {
      const { hash, ...content } = record;
      expect(hash).toBe(contentHash(content));
      expect(recordHash(record)).toBe(hash);
      expect(serializeRecord(content).line).toBe(lines[i]);
      expect(record.instance).toEqual(kvEnvironment.draw({ seed: record.seed, split: record.split }));
      const env = new ToolEnv(kvEnvironment, { actionFormat: record.acceptedFormats });
      const reset = env.reset({ seed: record.seed, options: { split: record.split } });
      expect(reset.observation.messages).toEqual([{ role: 'system', content: record.system }, { role: 'user', content: record.user }]);
      let total = 0;
      for (const step of record.steps) {
        const before = env.observation().messages.length;
        const result = env.step(rawAction(step));
        total += result.reward;
        expect(result.observation.messages.slice(before)).toEqual([step.assistant, ...step.observations]);
        expect(result.reward).toBe(step.reward);
        expect(result.info.action.errorClass).toBe(step.errorClass);
        result.info.action.calls.forEach((call, i) => expect(callArguments(step, i)).toEqual(call.args === undefined ? undefined : JSON.parse(JSON.stringify(call.args))));
      }
      expect(total).toBeCloseTo(record.tallies.return, 10);
    });
  });

  it('stores call arguments only where the assistant turn does not already carry them', async () => {
    const native = await collectFile(tempDir(), 'a.jsonl', { samplesPerStep: 1, episodes: 20, actionFormat: 'openai' });
    const text = await collectFile(tempDir(), 'b.jsonl', { samplesPerStep: 1, episodes: 20, actionFormat: 'react' });
    const stored = (c: typeof native) => c.records.flatMap((r) => r.steps.flatMap((s) => s.calls.filter((call) => call.args !== undefined)));
    expect(stored(native)).toEqual([]);
    expect(stored(text).length).toBeGreaterThan(20);
  });

  it('gives the same records whatever the concurrency, byte for byte', async () => {
    const one = await collectFile(tempDir(), 'a.jsonl', { concurrency: 1, episodes: 30 });
    const many = await collectFile(tempDir(), 'b.jsonl', { concurrency: 7, episodes: 30 });
    expect([...many.lines].sort()).toEqual([...one.lines].sort());
    const hashes = new Set(one.records.map((r) => episodeKey(r.env.id, r.split, r.episode)));
    expect(hashes.size).toBe(30);
  });

  it('evaluates every candidate from the same state and plays the first the action handler passes', async () => {
    const { records } = await collectFile(tempDir(), 'a.jsonl', { episodes: 30 });
    let mixed = 0;
    for (const record of records) {
      expect(record.selection).toBe('handler');
      record.steps.forEach((step, i) => {
        const candidates = step.candidates!;
        expect(candidates.reduce((n, c) => n + c.count, 0)).toBe(3);
        const first = candidates.findIndex((c) => c.ok);
        expect(step.chosen).toBe(first === -1 ? 0 : first);
        expect(step.assistant).toEqual(candidates[step.chosen!]!.assistant);
        if (candidates.some((c) => c.passed) && candidates.some((c) => !c.passed)) mixed++;
        const env = replay(record, i);
        const saved = env.snapshot();
        for (const candidate of candidates) {
          env.restore(saved);
          const before = env.observation().messages.length;
          const result = env.step(rawAction(candidate));
          expect(result.observation.messages[before]).toEqual(candidate.assistant);
          expect(result.info.action.ok).toBe(candidate.ok);
          expect(result.info.action.errorClass).toBe(candidate.errorClass);
          expect(result.reward).toBe(candidate.reward);
          expect(result.info.answer?.correct).toBe(candidate.final?.correct);
        }
      });
    }
    expect(mixed).toBeGreaterThan(5);
  });

  it('never picks a final answer by the ground truth unless answer-guided', async () => {
    const noise = { structure: 0.05, toolname: 0.05, arguments: 0.05, answer: 0.5, fix: 0.7 };
    for (const seed of [3, 11]) {
      const handler = await collectFile(tempDir(), 'h.jsonl', { episodes: 40, seed, samplesPerStep: 4, policy: new NoisyOraclePolicy(noise) });
      const guided = await collectFile(tempDir(), 'g.jsonl', { episodes: 40, seed, samplesPerStep: 4, policy: new NoisyOraclePolicy(noise), selection: 'answer-guided' });
      let wrongPlayed = 0;
      let rescued = 0;
      for (const record of handler.records) {
        for (const step of record.steps) {
          const candidates = step.candidates!;
          const firstOk = candidates.findIndex((c) => c.ok);
          expect(step.chosen).toBe(firstOk === -1 ? 0 : firstOk);
          if (step.final && !step.final.correct && candidates.some((c) => c.final?.correct)) wrongPlayed++;
        }
      }
      for (const record of guided.records) {
        expect(record.selection).toBe('answer-guided');
        for (const step of record.steps) {
          const candidates = step.candidates!;
          const firstPassed = candidates.findIndex((c) => c.passed);
          expect(step.chosen).toBe(firstPassed === -1 ? 0 : firstPassed);
          if (firstPassed > candidates.findIndex((c) => c.ok)) rescued++;
        }
      }
      // with answer noise 0.5 and 4 samples, some answers are wrong on the first ok candidate but right on a later one
      expect(wrongPlayed).toBeGreaterThan(0);
      expect(rescued).toBeGreaterThan(0);
      const solved = (rs: TrajectoryRecord[]) => rs.filter((r) => r.passed).length;
      expect(solved(guided.records)).toBeGreaterThan(solved(handler.records));
    }
  });

  it('hands records over as episodes finish, without waiting for the rest', async () => {
    let started = 0;
    let startedAtFirstRecord = -1;
    const oracle = new OraclePolicy();
    const counting: Policy = {
      name: 'counting',
      act: (ctx, n) => {
        if (ctx.step === 0) started++;
        return oracle.act(ctx, n);
      },
    };
    await collect({
      targets: [{ environment: kvEnvironment, split: 'test' }],
      episodes: 50,
      seed: 1,
      policy: counting,
      concurrency: 4,
      onRecord: () => {
        if (startedAtFirstRecord === -1) startedAtFirstRecord = started;
      },
    });
    expect(started).toBe(50);
    expect(startedAtFirstRecord).toBeGreaterThan(0);
    expect(startedAtFirstRecord).toBeLessThanOrEqual(4);
  });

  it('abandons episodes whose policy gave only placeholder actions and skips done episodes', async () => {
    const oracle = new OraclePolicy();
    const placeholders = new WeakSet<object>();
    const flaky: Policy = {
      name: 'flaky',
      act: async (ctx, n) => {
        if (ctx.instance.seed === 4 && ctx.step === 1) {
          const failed = { role: 'assistant', content: '' };
          placeholders.add(failed);
          return [failed];
        }
        return oracle.act(ctx, n);
      },
    };
    const written: number[] = [];
    const failed: unknown[] = [];
    const summary = await collect({
      targets: [{ environment: kvEnvironment, split: 'train' }],
      episodes: 8,
      seed: 0,
      policy: flaky,
      skip: new Set([episodeKey(kvEnvironment.id, 'train', 0)]),
      placeholder: (a) => typeof a === 'object' && a !== null && placeholders.has(a),
      onRecord: (_line, record) => {
        written.push(record.episode);
      },
      onError: (_job, error) => {
        failed.push(error);
      },
    });
    expect(written.sort()).toEqual([1, 2, 3, 5, 6, 7]);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(PolicyFailure);
    expect(summary).toEqual({ planned: 8, skipped: 1, written: 6, failed: 1, kept: 0 });
  });

  it('records injected faults as execution errors, which the oracle retries', async () => {
    const { records } = await collectFile(tempDir(), 'a.jsonl', { episodes: 40, samplesPerStep: 1, policy: new OraclePolicy(), faults: { rate: 0.3 } });
    const faulted = records.flatMap((r) => r.steps.filter((s) => s.errorClass === 'execution'));
    expect(faulted.length).toBeGreaterThan(5);
    expect(faulted.every((s) => s.calls.some((c) => c.fault !== null))).toBe(true);
    expect(records.filter((r) => r.passed).length).toBeGreaterThan(30);
  });

  it('plays each instance `attempts` times with different draws', async () => {
    const { records } = await collectFile(tempDir(), 'a.jsonl', { episodes: 40, attempts: 2, samplesPerStep: 1 });
    const byEpisode = new Map(records.map((r) => [r.episode, r]));
    for (let e = 0; e < 40; e += 2) {
      const a = byEpisode.get(e)!;
      const b = byEpisode.get(e + 1)!;
      expect([a.attempt, b.attempt]).toEqual([0, 1]);
      expect(b.instance).toEqual(a.instance);
    }
    expect(records.some((r, i) => i % 2 === 0 && stableJson(r.steps) !== stableJson(byEpisode.get(r.episode + 1)!.steps))).toBe(true);
  });
});

describe('stable serialisation', () => {
  it('writes the same bytes as stableJson, cached or not', () => {
    const serializer = new StableSerializer();
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }), (value, shared) => {
        if (typeof shared === 'object' && shared !== null) serializer.freeze(shared);
        const holder = { value, shared, list: [shared, value] };
        expect(serializer.serialize(holder)).toBe(stableJson(holder));
        expect(jsonEqual(value, JSON.parse(JSON.stringify(value)))).toBe(true);
        expect(jsonEqual(value, shared)).toBe(stableJson(value) === stableJson(shared));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same bytes as stableJson for objects of recurring shapes (the same keys in many orders, first keys shared)', () => {
    const serializer = new StableSerializer();
    const vocabulary = ['role', 'content', 'a', 'b', 'tool_calls', 'z', '\u00e9', ''];
    const shape = fc.uniqueArray(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: vocabulary.length });
    fc.assert(
      fc.property(fc.array(shape, { minLength: 1, maxLength: 30 }), fc.jsonValue({ maxDepth: 2 }), (shapes, leaf) => {
        // every object holds a nested value, so none takes the flat path and the key order is the serializer's own
        const objects = shapes.map((keys, i) => Object.fromEntries(keys.map((k, j) => [k, j === 0 ? { i, leaf } : [i, k]])));
        expect(serializer.serialize(objects)).toBe(stableJson(objects));
        for (const o of objects) expect(serializer.serialize(o)).toBe(stableJson(o));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same bytes as stableJson for flat objects whose keys come in order or not', () => {
    const serializer = new StableSerializer();
    const leaf = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), leaf), fc.boolean(), (entries, sorted) => {
        const keys = Object.keys(entries);
        if (sorted) keys.sort();
        const flat: Record<string, unknown> = {};
        for (const key of keys) flat[key] = entries[key];
        const holder = { flat, nested: { b: flat, a: [flat] } };
        expect(serializer.serialize(holder)).toBe(stableJson(holder));
      }),
      { numRuns: 300 },
    );
  });
});

describe('trajectory log', () => {
  it('cuts a torn last line on resume and refuses a bad line elsewhere, naming it', async () => {
    const dir = tempDir();
    const { lines } = await collectFile(dir, 'a.jsonl', { episodes: 5, samplesPerStep: 1 });
    const path = join(dir, 'a.jsonl');
    appendFileSync(path, lines[0]!.slice(0, 40));
    const { log, contents } = await TrajectoryLog.open(path, true);
    log.close();
    expect(contents.records).toBe(5);
    expect(contents.repairedBytes).toBe(40);
    expect(readFileSync(path, 'utf8')).toBe(lines.map((l) => `${l}\n`).join(''));
    writeFileSync(path, `${lines[0]}\n{"broken\n${lines[1]}\n`);
    const failure = await TrajectoryLog.open(path, true).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(JsonlError);
    expect((failure as JsonlError).line).toBe(2);
  });

  it('will not overwrite an existing log unless resuming', async () => {
    const dir = tempDir();
    const { path } = await collectFile(dir, 'a.jsonl', { episodes: 2, samplesPerStep: 1 });
    await expect(TrajectoryLog.open(path, false)).rejects.toThrow(/EEXIST/);
  });
});

describe('noisy collections', () => {
  it('parse as records with every optional part present somewhere', async () => {
    const { records } = await collectFile(tempDir(), 'a.jsonl', { episodes: 60, actionFormat: 'xlam', policy: new NoisyOraclePolicy({ structure: 0.2, answer: 0.3 }) });
    const steps = records.flatMap((r) => r.steps);
    expect(steps.some((s) => s.action !== undefined)).toBe(true);
    expect(steps.some((s) => !s.parsed)).toBe(true);
    expect(steps.some((s) => s.final !== undefined)).toBe(true);
    for (const r of records) TrajectoryRecordSchema.parse(r);
  });
});
