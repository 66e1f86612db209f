import { createWriteStream, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from './io.js';

/**
 * A file written whole or not at all: lines go to a temporary file renamed into place on commit.
 * Any failed write (a full disk, a file-size limit, a target the system refuses) is a one-line
 * CliError from `write` or `commit`, and `abort` leaves no temporary file behind.
 */
export class AtomicFile {
  readonly path: string;
  readonly #shown: string;
  readonly #tmp: string;
  readonly #stream: WriteStream;
  #failed: Error | null = null;

  /** `inputs`: files the command reads, which the output may not be (nor resolve to). */
  constructor(path: string, cwd: string, inputs: readonly string[] = []) {
    this.path = resolve(cwd, path);
    this.#shown = path;
    checkOutput(path, this.path, inputs.map((input) => resolve(cwd, input)));
    makeFolders(path, dirname(this.path));
    this.#tmp = `${this.path}.${process.pid}.tmp`;
    this.#stream = createWriteStream(this.#tmp, { flags: 'wx' });
    this.#stream.on('error', (error) => {
      this.#failed ??= error;
    });
  }

  write(text: string): Promise<void> | void {
    this.#check();
    if (!this.#stream.write(text)) return this.#settled('drain').then(() => this.#check());
  }

  async commit(): Promise<void> {
    this.#check();
    const ended = this.#settled('finish');
    this.#stream.end();
    await ended;
    this.#check();
    try {
      renameSync(this.#tmp, this.path);
    } catch (error) {
      this.#failed = error as Error;
      this.#check();
    }
  }

  /** Drops the temporary file. The stream may still be opening it: removal waits for its close. */
  abort(): Promise<void> {
    return new Promise((done) => {
      const remove = (): void => {
        rmSync(this.#tmp, { force: true });
        done();
      };
      if (this.#stream.closed) return remove();
      this.#stream.once('close', remove);
      this.#stream.destroy();
    });
  }

  #check(): void {
    if (this.#failed) throw new CliError(`cannot write ${this.#shown}: ${oneLineError(this.#failed)}`);
  }

  /** Resolves on `event`, or as soon as the stream fails or closes: a failed stream never drains. */
  #settled(event: 'drain' | 'finish'): Promise<void> {
    const stream = this.#stream;
    if (this.#failed || stream.destroyed) return Promise.resolve();
    return new Promise((done) => {
      const settle = (): void => {
        stream.off(event, settle).off('error', settle).off('close', settle);
        done();
      };
      stream.on(event, settle).on('error', settle).on('close', settle);
    });
  }
}

function oneLineError(error: Error): string {
  return (error.message ?? String(error)).split('\n')[0]!;
}

/** Refuses an output that is a folder, or that is (or resolves, through links, to) one of the inputs. */
export function checkOutput(shown: string, path: string, inputs: readonly string[]): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // does not exist yet (or cannot be read): the write will say
  }
  if (isDirectory) throw new CliError(`${shown} is a folder, not a file`);
  const target = realTarget(path);
  for (const input of inputs) {
    if (realTarget(input) === target) throw new CliError(`${shown} is also an input of this command: write to another file`);
  }
}

/** The path with every link resolved, also when the file itself does not exist yet. */
function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/** Runs a synchronous write, turning its failure into a one-line CliError naming the file. */
export function writingTo<T>(shown: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot write ${shown}: ${oneLineError(error as Error)}`);
  }
}

/** An output folder (`--out DIR`), created with its missing parents; refused when it is a file. */
export function makeFolder(shown: string, folder: string): void {
  makeFolders(shown, folder);
  if (!statSync(folder).isDirectory()) throw new CliError(`${shown} is a file, not a folder`);
}

/**
 * Creates the missing folders down to `folder` one by one, from the nearest existing ancestor.
 * (mkdirSync with `recursive` spins forever under /proc.)
 */
function makeFolders(shown: string, folder: string): void {
  const missing: string[] = [];
  for (let at = folder; !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      throw new CliError(`cannot create the folder ${dir} for ${shown}: ${oneLineError(error as Error)}`);
    }
  }
}
