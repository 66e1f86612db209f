import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';

/** A benchmark script running in its own Node process, talking in JSON lines on stdout. */
export interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  /** The next JSON line the child prints. */
  next<T>(): Promise<T>;
  send(line: string): void;
  /** Closes its stdin and waits for it to exit. */
  end(): Promise<number | null>;
}

/** Starts `node [--expose-gc] --import tsx <script> ...args` from the repository root. */
export function startChild(repo: string, script: string, args: readonly string[], options: { exposeGc?: boolean; maxOldSpaceMB?: number } = {}): Child {
  const flags = [...(options.exposeGc ? ['--expose-gc'] : []), ...(options.maxOldSpaceMB ? [`--max-old-space-size=${options.maxOldSpaceMB}`] : []), '--import', 'tsx'];
  const child = spawn(process.execPath, [...flags, path.join(repo, script), ...args], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const lines: Interface = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: Array<{ done: (line: string) => void; fail: (error: Error) => void }> = [];
  let exited = false;
  lines.on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter.done(line);
    else queue.push(line);
  });
  const exit = new Promise<number | null>((done) => {
    child.on('exit', (code) => {
      exited = true;
      for (const waiter of waiting.splice(0)) waiter.fail(new Error(`${script} exited with ${code}: ${stderr.trim().split('\n').slice(-6).join('\n')}`));
      done(code);
    });
  });
  return {
    process: child,
    next<T>() {
      const line = queue.shift();
      if (line !== undefined) return Promise.resolve(JSON.parse(line) as T);
      if (exited) return Promise.reject(new Error(`${script} exited: ${stderr.trim().split('\n').slice(-6).join('\n')}`));
      return new Promise<T>((done, fail) => waiting.push({ done: (l) => done(JSON.parse(l) as T), fail }));
    },
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    end() {
      child.stdin.end();
      return exit;
    },
  };
}

/** Runs a child to completion and returns the last JSON line it printed. */
export async function runChild<T>(repo: string, script: string, args: readonly string[], options: { exposeGc?: boolean; maxOldSpaceMB?: number } = {}): Promise<T> {
  const child = startChild(repo, script, args, options);
  child.process.stdin.end();
  let last: T | undefined;
  for (;;) {
    try {
      last = await child.next<T>();
    } catch (error) {
      const code = await child.end();
      if (code === 0 && last !== undefined) return last;
      throw error;
    }
  }
}
