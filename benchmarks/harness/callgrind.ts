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
  readonly counts: EventCounts;
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
export function readDump(text: string): Dump | null {
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

/** Every labelled dump written beside `outFile` (callgrind numbers them `outFile.1`, `.2`, ...), and the cache model. */
export function readDumps(outFile: string): { dumps: Dump[]; caches: Record<string, string> } {
  const dir = path.dirname(outFile);
  const base = path.basename(outFile);
  const dumps: Dump[] = [];
  let caches: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${base}.`) || !/^\d+$/.test(name.slice(base.length + 1))) continue;
    const text = readFileSync(path.join(dir, name), 'utf8');
    const dump = readDump(text);
    if (dump === null) continue;
    dumps.push(dump);
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

export function tally(counts: EventCounts): Tally {
  const c = (name: string) => counts[name] ?? 0;
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
