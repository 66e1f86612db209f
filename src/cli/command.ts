import type { CliIo } from './io.js';

/** One `lamsim` subcommand. `run` returns the exit code; a CliError becomes a one-line message. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Extra lines for `--help`. */
  readonly help?: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
