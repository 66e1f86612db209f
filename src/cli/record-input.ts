import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { JsonlError } from '../data/jsonl.js';
import { CliError } from './io.js';

/** The positional input file of a command, checked to be a readable file. */
export function inputFile(positionals: readonly string[], cwd: string, what = 'a trajectory JSONL file'): string {
  if (positionals.length === 0) throw new CliError(`give ${what}`);
  if (positionals.length > 1) throw new CliError(`one input file, got ${positionals.length}: ${positionals.join(' ')}`);
  const path = resolve(cwd, positionals[0]!);
  try {
    if (!statSync(path).isFile()) throw new CliError(`${positionals[0]} is not a file`);
    accessSync(path, constants.R_OK);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${positionals[0]}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return path;
}

/** Runs `body`, turning a bad line of the input into a one-line CliError. */
export async function readingInput<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof JsonlError) throw new CliError(error.message);
    throw error;
  }
}

/** A file's size in KiB, the unit of the progress bars of commands that read a whole file. */
export function fileKiB(path: string): number {
  return Math.ceil(statSync(path).size / 1024);
}
