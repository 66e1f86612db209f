import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { QueueConnection } from './connection.js';
import { runKeys } from './keys.js';

const CHUNK = 500;

export interface Gathered {
  readonly written: number;
  readonly kept: number;
  /** Positions with no record (their jobs failed). */
  readonly missing: number;
  readonly solved: number;
}

/**
 * Writes the records of plan positions [0, end) to `path`, in plan order, one line each as the
 * workers stored them (a position whose job failed has none). Written to a temporary file and
 * renamed, so `path` is either the previous file or the whole new one.
 */
export async function writeGathered(connection: QueueConnection, run: string, slots: readonly string[], end: number, path: string): Promise<Gathered> {
  const keys = runKeys(run);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  let written = 0;
  let kept = 0;
  let missing = 0;
  let solved = 0;
  try {
    for (let from = 0; from < end; from += CHUNK) {
      const chunk = slots.slice(from, Math.min(end, from + CHUNK));
      const [lines, verdicts] = await Promise.all([connection.client.hmget(keys.records, ...chunk), connection.client.hmget(keys.verdicts, ...chunk)]);
      let text = '';
      lines.forEach((line, i) => {
        if (line === null) {
          missing++;
          return;
        }
        text += `${line}\n`;
        written++;
        if (verdicts[i]?.[0] === '1') kept++;
        if (verdicts[i]?.[1] === '1') solved++;
      });
      const buffer = Buffer.from(text, 'utf8');
      let done = 0;
      while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
    }
    closeSync(fd);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return { written, kept, missing, solved };
}
