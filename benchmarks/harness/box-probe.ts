/**
 * How much of a core and of the cache this process gets right now, read by two fixed workloads
 * that run no lamsim code. On a shared virtual machine both swing with the host's other tenants:
 * on this project's 2-core box a pointer chase over 8 MiB took 25-50 ns a load in some minutes and
 * 100-290 ns in others, and the integer loop up to 35% longer, whichever process ran them. Every
 * case records a probe before and after its runs, so its figures can be read against the box's state.
 */
import { fullCollection } from './full-gc.js';
import { median, round2 } from './measure.js';

export interface BoxReading {
  /** Nanoseconds per iteration of a dependent integer loop: rises when another thread shares the physical core. */
  readonly coreNs: number;
  /** Nanoseconds per load of a random cyclic pointer chase over 8 MiB: rises when the last-level cache is shared. */
  readonly cacheNs: number;
}

const CHASE_BYTES = 8 * 2 ** 20;
/** Loads, iterations and passes of a full probe; a quick one (`--quick`) does a fifth of the work. */
const FULL = { loads: 1_000_000, iterations: 10_000_000, passes: 7 };
const QUICK = { loads: 200_000, iterations: 2_000_000, passes: 3 };

/** One cycle through every slot in a fixed shuffled order (a linear congruential draw: no randomness needed). */
function chaseRing(slots: number): Int32Array {
  const order = new Int32Array(slots);
  for (let i = 0; i < slots; i++) order[i] = i;
  let state = 0x2545f491;
  for (let i = slots - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const next = new Int32Array(slots);
  for (let i = 0; i < slots; i++) next[order[i]!] = order[(i + 1) % slots]!;
  return next;
}

function chase(next: Int32Array, loads: number): number {
  let p = 0;
  for (let i = 0; i < loads; i++) p = next[p]!;
  return p;
}

function spin(iterations: number): number {
  let x = 0;
  for (let i = 0; i < iterations; i++) x = (x + Math.imul(i, 7)) | 0;
  return x;
}

/** Keeps the loops' results alive so the compiler cannot drop them. */
let sink = 0;

/** Reads the box: the median of the passes of each workload (the first passes also warm the loops up). */
export function probeBox(quick = false): BoxReading {
  const { loads, iterations, passes } = quick ? QUICK : FULL;
  let next: Int32Array | null = chaseRing(CHASE_BYTES / 4);
  const core: number[] = [];
  const cache: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    let start = performance.now();
    sink ^= spin(iterations);
    core.push(((performance.now() - start) * 1e6) / iterations);
    start = performance.now();
    sink ^= chase(next, loads);
    cache.push(((performance.now() - start) * 1e6) / loads);
  }
  next = null;
  const reading = { coreNs: round2(median(core)), cacheNs: round2(median(cache)) };
  // The ring's 16 MiB of array buffers go now, not in a collection during the case's runs.
  fullCollection();
  return reading;
}

/** A reading as the run's log shows it. */
export function boxText(reading: BoxReading): string {
  return `core ${reading.coreNs} ns/iteration, cache ${reading.cacheNs} ns/load`;
}
