/**
 * The first build of an environment's default world in a fresh process (modules loaded, nothing
 * compiled yet): what `make(id)` costs a program that has just started. Prints one JSON line.
 * Usage: node --import tsx benchmarks/children/world-cold.ts ENV_ID
 */
import { loadSubjects } from '../harness/subjects.js';

const [envId] = process.argv.slice(2);
const { subjects } = await loadSubjects();
const subject = subjects.find((s) => s.environment.id === envId);
if (!subject) throw new Error(`no environment ${envId}`);
const def = subject.environment.definition.world;
const options = def.options ? def.options.parse({}) : {};
const start = performance.now();
def.build(def.defaultSeed ?? 0, options);
process.stdout.write(`${JSON.stringify({ ms: performance.now() - start })}\n`);
