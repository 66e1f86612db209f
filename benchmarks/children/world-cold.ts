/**
 * The first build of an environment's default world in a fresh process (modules loaded, nothing
 * compiled yet), every lazily built section included: what a program that has just started pays
 * before its episodes are at full speed. Prints one JSON line.
 * Usage: node --import tsx benchmarks/children/world-cold.ts ENV_ID
 */
import { materialize } from '../harness/materialize.js';
import { loadSubjects } from '../harness/subjects.js';

const [envId] = process.argv.slice(2);
const { subjects } = await loadSubjects();
const subject = subjects.find((s) => s.environment.id === envId);
if (!subject) throw new Error(`no environment ${envId}`);
const def = subject.environment.definition.world;
const options = def.options ? def.options.parse({}) : {};
const start = performance.now();
const world = def.build(def.defaultSeed ?? 0, options);
const built = performance.now();
materialize(world);
const end = performance.now();
process.stdout.write(`${JSON.stringify({ ms: end - start, shellMs: built - start })}\n`);
