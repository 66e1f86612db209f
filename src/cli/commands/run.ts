import { allEnvironments } from '../catalog.js';
import type { Command } from '../command.js';
import { parseFlags } from '../flags.js';
import { ToolEnv } from '../../core/tool-env.js';
import { OraclePolicy } from '../../rollout/oracle.js';
import { rngStream } from '../../core/rng.js';

/**
 * The main job. Until the rollout pipeline lands this lists the environments and plays one
 * oracle episode in each, printing the transcript.
 */
export const runCommand: Command = {
  name: 'run',
  summary: 'the main job: list the environments and play a sample oracle episode in each',
  usage: 'lamsim run [--seed S]',
  async run(argv, io) {
    const flags = parseFlags(argv, { seed: { type: 'string' } });
    const seed = Number(flags.values['seed'] ?? 0);
    const policy = new OraclePolicy();
    for (const environment of allEnvironments()) {
      const env = new ToolEnv(environment);
      io.stdout.write(`== ${environment.id}: ${environment.registry.size} tools, ${environment.templates.size} templates, splits ${[...environment.splits.keys()].join(', ')}\n`);
      let { observation, info } = env.reset({ seed });
      let tallies = info.tallies;
      for (let step = 0; step < env.spec.maxSteps; step++) {
        const [action] = await policy.act({ observation, instance: env.instance!, environment, tallies, step, format: env.actionFormat, rng: rngStream(seed, 'run', String(step)) }, 1);
        const result = env.step(action);
        observation = result.observation;
        tallies = result.info.tallies;
        if (result.terminated || result.truncated) break;
      }
      io.stdout.write(`${env.render('ansi')}\n\n`);
    }
    return 0;
  },
};
