/**
 * Per template: the share of the most common answer over N seeds, for every split that draws it.
 *   npx tsx benchmarks/answer-shares.ts [--env ToolBench-v0|CRMArena-v0] [--seeds 1000] [--world-seed S] [--json]
 * Seeds play in their split's world pool (as reset draws them) unless --world-seed pins one world.
 * Prints a table on a TTY (with progress), JSON lines otherwise or with --json.
 */
import { builtinEnvironments } from '../envs/index.js';
import { answerShares, type AnswerShare } from '../src/tasks/answer-shares.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const seeds = Number(flag('seeds') ?? 1000);
const worldSeed = flag('world-seed');
const envIds = flag('env') ? [flag('env')!] : builtinEnvironments.map((e) => e.id);
const json = args.includes('--json') || !process.stdout.isTTY;
const splitsFlag = flag('splits');

for (const id of envIds) {
  const environment = builtinEnvironments.find((e) => e.id === id);
  if (!environment) {
    console.error(`unknown env ${id}; known: ${builtinEnvironments.map((e) => e.id).join(', ')}`);
    process.exit(2);
  }
  // Without --world-seed each seed plays in its split's world pool, as reset draws it.
  const world = worldSeed === undefined ? undefined : environment.world(Number(worldSeed));
  const rows = answerShares(environment, {
    seeds,
    ...(world !== undefined ? { world } : {}),
    ...(splitsFlag ? { splits: splitsFlag.split(',') } : {}),
    onTemplate: (share: AnswerShare) => {
      if (json) console.log(JSON.stringify({ env: id, worldSeed: worldSeed ?? null, ...share }));
      else process.stderr.write(`\r${id} ${share.split} ${share.template}                    `);
    },
  });
  if (!json) {
    process.stderr.write('\n');
    for (const r of rows) {
      const cls = r.classShare === null ? '' : `  class ${(r.classShare * 100).toFixed(1)}% (${r.topClass})`;
      console.log(`${id.padEnd(12)} ${r.split.padEnd(20)} ${r.template.padEnd(36)} n=${String(r.instances).padStart(4)} distinct=${String(r.distinct).padStart(4)} top ${(r.share * 100).toFixed(1).padStart(5)}% ${JSON.stringify(r.top).slice(0, 30)}${cls}`);
    }
  }
}
