import { checkShape } from '../actions/safe-json.js';
import { describeZodError } from '../core/options.js';
import { JsonlError, readJsonl, type FileLine } from '../data/jsonl.js';
import { recordHash, TrajectoryRecordSchema, type TrajectoryRecord } from './record.js';

/** Deeper than any record the collector writes (messages, tool schemas, arguments), far from the stack limit. */
const RECORD_LIMITS = { maxChars: Number.MAX_SAFE_INTEGER, maxDepth: 128, maxNodes: Number.MAX_SAFE_INTEGER };

/**
 * The trajectory records of a JSONL file, validated; a bad line is a JsonlError naming its number.
 * Each record's content hash is checked against its content as written: an edited or corrupted
 * record is refused, not silently used.
 */
export async function* readRecords(path: string): AsyncGenerator<{ record: TrajectoryRecord; line: FileLine }> {
  for await (const { value, line } of readJsonl(path)) {
    const shape = checkShape(value, RECORD_LIMITS);
    if (shape !== null) throw new JsonlError(path, line.number, `not a trajectory record: ${shape}`);
    const parsed = TrajectoryRecordSchema.safeParse(value);
    if (!parsed.success) throw new JsonlError(path, line.number, `not a trajectory record: ${describeZodError(parsed.error)}`);
    const actual = recordHash(value as TrajectoryRecord);
    if (actual !== parsed.data.hash) {
      throw new JsonlError(path, line.number, `content hash mismatch: the record says ${parsed.data.hash} but its content hashes to ${actual} (edited or corrupted)`);
    }
    yield { record: parsed.data, line };
  }
}
