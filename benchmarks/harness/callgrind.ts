/**
 * Callgrind's counts, for figures that do not move with the box: instructions executed and the
 * misses of a simulated cache are the same on a busy machine as on a quiet one, where wall-clock
 * time swings 3x with the host's other tenants (see box-probe.ts).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One region's counts, by callgrind event name (Ir, Dr, Dw, I1mr, D1mr, D1mw, ILmr, DLmr, DLmw). */
export type EventCounts = Readonly<Record<string, number>>;

/** A labelled dump: what the process did between a `--zero` and a `--dump=LABEL`. */
export interface Dump {
  readonly label: string;
  /** Everything the process executed in the region. */
  readonly counts: EventCounts;
  /** What of it was V8's compilers and garbage collector (see engineWork). */
  readonly engine: EventCounts;
}

/** Why callgrind cannot be used here, or null when `valgrind` and `callgrind_control` both run. */
export function callgrindMissing(): string | null {
  for (const command of ['valgrind', 'callgrind_control']) {
    const result = spawnSync(command, ['--version'], { encoding: 'utf8' });
    if (result.error !== undefined || result.status !== 0) return `${command} not found (Debian: apt-get install valgrind)`;
  }
  return null;
}

/** Valgrind's flags for a Node process under callgrind that switches its own instrumentation on. */
export function callgrindFlags(outFile: string): string[] {
  // all-non-file: V8 writes machine code into anonymous memory, and rewrites it.
  return ['--tool=callgrind', '--instr-atstart=no', '--cache-sim=yes', '--smc-check=all-non-file', `--callgrind-out-file=${outFile}`];
}

/** The simulated caches, as callgrind's dump describes them (e.g. `LL cache: 8388608 B, 64 B, 16-way associative`). */
export function cacheModel(text: string): Record<string, string> {
  const model: Record<string, string> = {};
  for (const match of text.matchAll(/^desc: (I1|D1|LL) cache:\s*(.+)$/gm)) model[match[1]!] = match[2]!.trim();
  return model;
}

/** Reads one dump file's trigger label and summary line. Null for a file that is not a labelled dump (the one at exit). */
export function readDump(text: string): Omit<Dump, 'engine'> | null {
  const label = /^desc: Trigger: dump (.+)$/m.exec(text)?.[1]?.trim();
  const events = /^events: (.+)$/m.exec(text)?.[1]?.trim().split(/\s+/);
  const summary = /^summary: (.+)$/m.exec(text)?.[1]?.trim().split(/\s+/).map(Number);
  if (label === undefined || events === undefined || summary === undefined) return null;
  const counts: Record<string, number> = {};
  events.forEach((event, i) => {
    counts[event] = summary[i] ?? 0;
  });
  return { label, counts };
}

/**
 * V8's own work inside a region: its optimizing and lazy compilers, entered from JavaScript through
 * these runtime functions, and garbage collection. In a native run the optimizing compiler works on
 * another thread, and how often a region collects depends on what ran before it; the figures count
 * the program's own instructions, so they leave these out (and the result file keeps them).
 */
const ENGINE_WORK = /^(?:\?\?\?|[^:]*):v8::internal::(?:Runtime_(?:CompileOptimized\w*|CompileLazy|CompileBaseline|InstallBaselineCode)|Heap::CollectGarbage)\(/;

/** The inclusive counts of ENGINE_WORK's functions in one dump, read with callgrind_annotate. */
export function engineWork(file: string, events: readonly string[]): Record<string, number> {
  const result = spawnSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`callgrind_annotate ${file} failed: ${(result.stderr || String(result.error)).trim()}`);
  const sums: Record<string, number> = Object.fromEntries(events.map((e) => [e, 0]));
  for (const line of result.stdout.split('\n')) {
    const parsed = annotatedLine(line, events.length);
    // a recursive entry (`name'2`) is already inside its outer one, and does not match
    if (parsed === null || !ENGINE_WORK.test(parsed.name)) continue;
    parsed.counts.forEach((n, i) => (sums[events[i]!]! += n));
  }
  return sums;
}

/** A function's line of callgrind_annotate's table: one column per event (`1,234 (5.6%)` or `.`), then its name. */
function annotatedLine(line: string, columns: number): { counts: number[]; name: string } | null {
  const tokens = line.trim().split(/\s+/);
  const counts: number[] = [];
  let i = 0;
  while (i < tokens.length && counts.length < columns) {
    const token = tokens[i]!;
    if (token === '.') counts.push(0);
    else if (/^[\d,]+$/.test(token)) {
      counts.push(Number(token.replaceAll(',', '')));
      if (tokens[i + 1]?.startsWith('(')) i++;
    } else return null;
    i++;
  }
  return counts.length === columns && i < tokens.length ? { counts, name: tokens.slice(i).join(' ') } : null;
}

/** Every labelled dump written beside `outFile` (callgrind numbers them `outFile.1`, `.2`, ...), and the cache model. */
export function readDumps(outFile: string): { dumps: Dump[]; caches: Record<string, string> } {
  const dir = path.dirname(outFile);
  const base = path.basename(outFile);
  const dumps: Dump[] = [];
  let caches: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${base}.`) || !/^\d+$/.test(name.slice(base.length + 1))) continue;
    const file = path.join(dir, name);
    const text = readFileSync(file, 'utf8');
    const dump = readDump(text);
    if (dump === null) continue;
    dumps.push({ ...dump, engine: engineWork(file, Object.keys(dump.counts)) });
    if (Object.keys(caches).length === 0) caches = cacheModel(text);
  }
  return { dumps, caches };
}

/** Instructions, data references, and first-level and last-level misses (instruction and data) of a region. */
export interface Tally {
  readonly instructions: number;
  readonly dataRefs: number;
  readonly l1Misses: number;
  readonly llMisses: number;
  readonly instructionL1Misses: number;
}

/** A region's tally; with `less`, without those counts (the engine's work). */
export function tally(counts: EventCounts, less: EventCounts = {}): Tally {
  const c = (name: string) => (counts[name] ?? 0) - (less[name] ?? 0);
  return {
    instructions: c('Ir'),
    dataRefs: c('Dr') + c('Dw'),
    l1Misses: c('I1mr') + c('D1mr') + c('D1mw'),
    llMisses: c('ILmr') + c('DLmr') + c('DLmw'),
    instructionL1Misses: c('I1mr'),
  };
}

/** `a - b`, divided by `per`: a region's counts per operation, less another region's. */
export function perOp(a: Tally, b: Tally | null, per: number): Tally {
  const less = (key: keyof Tally) => (a[key] - (b?.[key] ?? 0)) / Math.max(1, per);
  return { instructions: less('instructions'), dataRefs: less('dataRefs'), l1Misses: less('l1Misses'), llMisses: less('llMisses'), instructionL1Misses: less('instructionL1Misses') };
}
