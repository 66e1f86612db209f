/** Where a command writes: injectable, so commands run in-process in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** True when stderr is a terminal: only then are progress bars drawn. */
  readonly interactive: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, interactive: process.stderr.isTTY === true, env: process.env, cwd: process.cwd() };
}

import { z } from 'zod';
import { describeZodError } from '../core/options.js';

/** Any error as one line (zod errors name their paths). */
export function oneLine(error: unknown): string {
  if (error instanceof z.ZodError) return describeZodError(error);
  return ((error as Error)?.message ?? String(error)).split('\n')[0] ?? 'error';
}

/** A user mistake: printed as one line `lamsim <command>: <message>`, exit code 2. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
