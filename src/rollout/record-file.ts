import { describeZodError } from '../core/options.js';
import { JsonlError, readJsonl, type FileLine } from '../data/jsonl.js';
import { TrajectoryRecordSchema, type TrajectoryRecord } from './record.js';

/** The trajectory records of a JSONL file, validated; a bad line is a JsonlError naming its number. */
export async function* readRecords(path: string): AsyncGenerator<{ record: TrajectoryRecord; line: FileLine }> {
  for await (const { value, line } of readJsonl(path)) {
    const parsed = TrajectoryRecordSchema.safeParse(value);
    if (!parsed.success) throw new JsonlError(path, line.number, `not a trajectory record: ${describeZodError(parsed.error)}`);
    yield { record: parsed.data, line };
  }
}
