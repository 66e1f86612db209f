import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describeZodError } from '../core/options.js';
import { readJsonl } from '../data/jsonl.js';
import type { InstanceTarget } from '../rollout/collector.js';
import { QueryInstanceSchema } from '../tasks/instance.js';
import { findEnvironment } from './catalog.js';
import { CliError, oneLine } from './io.js';
import { readingInput } from './record-input.js';

/** The instances of a `generate` file (paraphrased or not), each with its environment, and a hash of the file. */
export async function readInstanceFile(path: string): Promise<{ instances: InstanceTarget[]; hash: string }> {
  let hash: string;
  try {
    hash = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
  } catch (error) {
    throw new CliError(`cannot read --instances ${path}: ${oneLine(error)}`);
  }
  const instances: InstanceTarget[] = [];
  await readingInput(async () => {
    for await (const { value, line } of readJsonl(path)) {
      const parsed = QueryInstanceSchema.safeParse(value);
      if (!parsed.success) throw new CliError(`${path}:${line.number}: not a query instance: ${describeZodError(parsed.error)}`);
      const instance = parsed.data;
      let environment;
      try {
        environment = findEnvironment(instance.env);
      } catch (error) {
        throw new CliError(`${path}:${line.number}: ${oneLine(error)}`);
      }
      if (!environment.splits.has(instance.split)) throw new CliError(`${path}:${line.number}: split ${JSON.stringify(instance.split)} is not a split of ${environment.id}`);
      instances.push({ environment, instance });
    }
  });
  if (instances.length === 0) throw new CliError(`--instances ${path} holds no instance`);
  return { instances, hash };
}
