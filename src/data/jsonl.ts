import { open } from 'node:fs/promises';

/** One line of a file: its text (without the newline), 1-based number and byte range. */
export interface FileLine {
  readonly text: string;
  readonly number: number;
  /** Byte offset of the line's first byte. */
  readonly start: number;
  /** Byte offset just past the newline (or the end of the file for an unterminated last line). */
  readonly end: number;
  /** False only for a last line with no newline (e.g. a write cut short). */
  readonly terminated: boolean;
}

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

/** The lines of a file, read in chunks: memory stays flat in the file's size. */
export async function* readLines(path: string): AsyncGenerator<FileLine> {
  const handle = await open(path, 'r');
  try {
    let pending: Buffer = Buffer.alloc(0);
    let offset = 0;
    let number = 0;
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const chunk = pending.length > 0 ? Buffer.concat([pending, buffer.subarray(0, bytesRead)]) : Buffer.from(buffer.subarray(0, bytesRead));
      let from = 0;
      for (let at = chunk.indexOf(NEWLINE, from); at !== -1; at = chunk.indexOf(NEWLINE, from)) {
        number++;
        yield { text: chunk.toString('utf8', from, at), number, start: offset, end: offset + at - from + 1, terminated: true };
        offset += at - from + 1;
        from = at + 1;
      }
      pending = chunk.subarray(from);
    }
    if (pending.length > 0) {
      number++;
      yield { text: pending.toString('utf8'), number, start: offset, end: offset + pending.length, terminated: false };
    }
  } finally {
    await handle.close();
  }
}

/** A line that is not what it should be; names the file and the line. */
export class JsonlError extends Error {
  override name = 'JsonlError';
  constructor(
    readonly path: string,
    readonly line: number,
    message: string,
  ) {
    super(`${path}:${line}: ${message}`);
  }
}

/** The JSON values of a JSONL file, each with its line; blank lines are skipped, bad JSON is a JsonlError. */
export async function* readJsonl(path: string): AsyncGenerator<{ value: unknown; line: FileLine }> {
  for await (const line of readLines(path)) {
    if (line.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      const torn = line.terminated ? '' : ' (an unterminated last line: was the writer killed? `lamsim collect --resume` repairs it)';
      throw new JsonlError(path, line.number, `not valid JSON: ${(error as Error).message}${torn}`);
    }
    yield { value, line };
  }
}
