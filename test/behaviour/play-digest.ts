import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { ToolEnv } from '../../src/core/tool-env.js';
import type { Environment } from '../../src/core/environment.js';
import { moveAction, oracleMoves } from '../../src/rollout/oracle.js';

/** One split and action format played over seeds: how many steps ran and the digest of everything the env returned. */
export interface PlayDigest {
  readonly steps: number;
  readonly solved: number;
  readonly digest: string;
}

/** Spoils an oracle action the way agents do: cut short, quotes swapped, an unknown key, a wrong tool name, prose. */
function perturb(action: unknown, rng: () => number): unknown {
  const r = rng();
  if (typeof action === 'string') {
    if (r < 0.3) return action.slice(0, Math.floor(action.length * rng()));
    if (r < 0.6) return action.replace(/"/, "'");
    return `${action}}`;
  }
  const text = JSON.stringify(action);
  if (r < 0.3) return JSON.parse(text.replace(/"arguments":"\{/, '"arguments":"{\\"zz\\":1,'));
  if (r < 0.6) return { role: 'assistant', content: text.slice(0, 40) };
  return JSON.parse(text.replace(/"name":"/, '"name":"x'));
}

/**
 * Plays seeds 0..seeds-1 of one split in one format: the oracle's moves, spoiled at random on every
 * third seed, and digests every reset and step result and each episode's JSON render. Two trees
 * that give the same digest behave the same on these episodes, byte for byte.
 */
export function playDigest(environment: Environment, split: string, format: string, seeds: number): PlayDigest {
  const hash = createHash('sha256');
  const env = new ToolEnv(environment, { split });
  let steps = 0;
  let solved = 0;
  for (let seed = 0; seed < seeds; seed++) {
    const rng = seedrandom(`${environment.id}/${split}/${format}/${seed}`);
    hash.update(JSON.stringify(env.reset({ seed, options: { actionFormat: format } })));
    const moves = oracleMoves(environment, env.instance!);
    let passed = 0;
    for (let i = 0; i < 40; i++) {
      const move = moves[Math.min(passed, moves.length - 1)]!;
      let action: unknown;
      try {
        action = moveAction({ format, step: i, environment }, move);
      } catch {
        action = `no way to write ${move.kind === 'call' ? move.call.tool : 'a message'} in ${format}`;
      }
      if (seed % 3 === 1 && rng() < 0.35) action = perturb(action, rng);
      const result = env.step(action);
      steps++;
      hash.update(JSON.stringify(result));
      passed = result.info.tallies.passed;
      if (result.terminated || result.truncated) {
        if (result.info.answer?.correct === true) solved++;
        break;
      }
    }
    hash.update(env.render('json'));
  }
  return { steps, solved, digest: hash.digest('hex').slice(0, 24) };
}
