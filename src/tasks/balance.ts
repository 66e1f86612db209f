/**
 * Answer balance: no answer (or answer class) of a template may win often by itself. Given how
 * often each answer key turns up among a template's draws in a world, the balanced share of a key
 * is its raw share capped so that no key is above the target: 14% when the template has 5 or more
 * answers, exactly uniform when it has fewer. Keys under the cap keep their raw proportions.
 */

/** The balanced share aimed at for templates with many answers (the audit's bound is 20%; the rest is sampling margin). */
export const TARGET_SHARE = 0.14;
/** Below this many distinct answers, answers are made uniform instead. */
export const FEW_ANSWERS = 5;

/** The balanced share of each key, from raw counts (shares sum to 1). */
export function balancedShares(counts: ReadonlyMap<string, number>): Map<string, number> {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const out = new Map<string, number>();
  if (total === 0) return out;
  const shares = [...counts.values()].map((n) => n / total);
  const cap = counts.size < FEW_ANSWERS ? Math.min(...shares) : largestCap(shares, TARGET_SHARE);
  const kept = shares.reduce((sum, p) => sum + Math.min(p, cap), 0);
  for (const [key, n] of counts) out.set(key, Math.min(n / total, cap) / kept);
  return out;
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
