import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './io.js';

/** A file written whole or not at all: lines go to a temporary file renamed into place on commit. */
export class AtomicFile {
  readonly path: string;
  readonly #tmp: string;
  readonly #stream: WriteStream;
  #failed: Error | null = null;

  constructor(path: string, cwd: string) {
    this.path = resolve(cwd, path);
    try {
      mkdirSync(dirname(this.path), { recursive: true });
    } catch (error) {
      throw new CliError(`cannot create the folder of ${path}: ${(error as Error).message}`);
    }
    this.#tmp = `${this.path}.${process.pid}.tmp`;
    this.#stream = createWriteStream(this.#tmp);
    this.#stream.on('error', (error) => {
      this.#failed = error;
    });
  }

  write(text: string): Promise<void> | void {
    if (this.#failed) throw new CliError(`cannot write ${this.path}: ${this.#failed.message}`);
    if (!this.#stream.write(text)) return new Promise((done) => this.#stream.once('drain', () => done()));
  }

  async commit(): Promise<void> {
    await new Promise<void>((done, fail) => this.#stream.end((error?: Error | null) => (error ? fail(error) : done())));
    if (this.#failed) throw new CliError(`cannot write ${this.path}: ${this.#failed.message}`);
    renameSync(this.#tmp, this.path);
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
}
