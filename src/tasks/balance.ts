/**
 * Answer balance: no answer (or answer class) of a template may win often by itself. Generation
 * estimates a template's raw answer distribution on fixed probe seeds of the world, then accepts a
 * draw whose answer key has raw share p with probability min(1, cap / p), redrawing otherwise. The
 * cap is the largest value that keeps every key's balanced share at or under the target: 14% when
 * the template has 5 or more answers, near-uniform (1.1 / K) when it has K < 5.
 */

/** The balanced share aimed at for templates with many answers (the audit's bound is 20%; the rest is sampling margin). */
export const TARGET_SHARE = 0.14;
/** Below this many distinct answers, answers are made near-uniform instead. */
export const FEW_ANSWERS = 5;
/** How many probe draws estimate a template's raw answer distribution. */
export const PROBE_DRAWS = 400;
/** Redraws beyond this many attempts skip the balance check, so generation always ends. */
export const BALANCE_ATTEMPTS = 96;

/** Acceptance probability per answer key; keys not seen in the probe are always accepted (they are rare). */
export interface BalancePlan {
  readonly acceptance: ReadonlyMap<string, number>;
}

/**
 * The plan for raw key counts (from the probe draws, of which `validRate` were valid). The cap is
 * raised when it would need more than a third of the balance attempts on average, so balance
 * rarely has to fall back to the rarest draw seen.
 */
export function balancePlan(counts: ReadonlyMap<string, number>, validRate = 1): BalancePlan {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0 || counts.size <= 1) return { acceptance: new Map() };
  const shares = [...counts.values()].map((n) => n / total);
  const target = counts.size < FEW_ANSWERS ? Math.min(1, 1.1 / counts.size) : TARGET_SHARE;
  const kept = (c: number) => shares.reduce((sum, p) => sum + Math.min(p, c), 0);
  let cap = largestCap(shares, target);
  const minKept = 3 / (BALANCE_ATTEMPTS * Math.max(validRate, 1e-3));
  if (kept(cap) < minKept) {
    let lo = cap;
    let hi = 1;
    for (let i = 0; i < 50; i++) {
      const mid = (lo + hi) / 2;
      if (kept(mid) >= minKept) hi = mid;
      else lo = mid;
    }
    cap = hi;
  }
  const acceptance = new Map<string, number>();
  // A key's share is estimated high (about two standard errors up), so a rare key whose probe count
  // came out low is not over-accepted: what matters is that no key ends up above the target.
  for (const [key, n] of counts) acceptance.set(key, Math.min(1, cap / ((n + 2 * Math.sqrt(n) + 1) / total)));
  return { acceptance };
}

/** The largest cap c with c <= target * sum(min(p, c)): every key's balanced share min(p, c) / sum is then <= target. */
function largestCap(shares: readonly number[], target: number): number {
  const kept = (c: number) => shares.reduce((sum, p) => sum + Math.min(p, c), 0);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= target * kept(mid) + 1e-12) lo = mid;
    else hi = mid;
  }
  return Math.max(lo, Math.min(...shares));
}
