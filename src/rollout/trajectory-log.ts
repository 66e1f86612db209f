import { closeSync, existsSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { JsonlError, readLines } from '../data/jsonl.js';
import { episodeKey, TRAJECTORY_FORMAT } from './record.js';

/** What a resumed log already holds. */
export interface LogContents {
  /** Episode keys (`episodeKey`) of the records already written. */
  readonly done: Set<string>;
  readonly records: number;
  /** Records the `counts` predicate of `open` accepted (e.g. those the filter keeps); 0 without one. */
  readonly counted: number;
  /** Bytes of a torn last line that were cut off (0 when the file ended cleanly). */
  readonly repairedBytes: number;
}

function identity(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as { format?: unknown; env?: { id?: unknown }; split?: unknown; episode?: unknown };
  if (r.format !== TRAJECTORY_FORMAT || typeof r.env?.id !== 'string' || typeof r.split !== 'string' || typeof r.episode !== 'number') return null;
  return episodeKey(r.env.id, r.split, r.episode);
}

/**
 * Reads an existing log: the episodes it holds, and where its last complete line ends. A last line
 * without its newline is a write cut short: it is cut off (its episode runs again). Any other bad
 * line is a JsonlError: the file is not ours to repair.
 */
export async function scanLog(path: string, counts?: (record: unknown) => boolean): Promise<{ contents: LogContents; validBytes: number; totalBytes: number }> {
  const done = new Set<string>();
  let records = 0;
  let counted = 0;
  let validBytes = 0;
  let totalBytes = 0;
  for await (const line of readLines(path)) {
    totalBytes = line.end;
    if (!line.terminated) break;
    validBytes = line.end;
    if (line.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      throw new JsonlError(path, line.number, `not valid JSON: ${(error as Error).message}`);
    }
    const key = identity(value);
    if (key === null) throw new JsonlError(path, line.number, `not a ${TRAJECTORY_FORMAT} record`);
    done.add(key);
    records++;
    if (counts?.(value)) counted++;
  }
  return { contents: { done, records, counted, repairedBytes: totalBytes - validBytes }, validBytes, totalBytes };
}

/**
 * An append-only JSONL file of trajectory records. Each record is one synchronous write of the
 * whole line, so a killed process leaves at most one torn last line, which `open(..., resume)` cuts.
 */
export class TrajectoryLog {
  readonly path: string;
  #fd: number | null;

  private constructor(path: string, fd: number) {
    this.path = path;
    this.#fd = fd;
  }

  /** Opens a log for appending; on resume, scans it and repairs a torn last line. */
  static async open(path: string, resume: boolean, counts?: (record: unknown) => boolean): Promise<{ log: TrajectoryLog; contents: LogContents }> {
    let contents: LogContents = { done: new Set(), records: 0, counted: 0, repairedBytes: 0 };
    if (resume && existsSync(path)) {
      const scan = await scanLog(path, counts);
      contents = scan.contents;
      if (scan.validBytes < scan.totalBytes) {
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, scan.validBytes);
        } finally {
          closeSync(fd);
        }
      }
    }
    const fd = openSync(path, resume ? 'a' : 'wx');
    return { log: new TrajectoryLog(path, fd), contents };
  }

  append(line: string): void {
    if (this.#fd === null) throw new Error(`trajectory log ${this.path} is closed`);
    const buffer = Buffer.from(`${line}\n`, 'utf8');
    let written = 0;
    while (written < buffer.length) written += writeSync(this.#fd, buffer, written, buffer.length - written);
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }
}
