/** Statistics of pass rates: intervals, spread over seeds, and the test that compares two rates. */

/** The standard normal CDF (Abramowitz & Stegun 7.1.26 for erf; absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const Z95 = 1.959964;

/** The Wilson score 95% interval of x successes in n trials ([0, 1] when n is 0). */
export function wilsonInterval(x: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/** The sample standard deviation (n - 1); 0 for fewer than two values. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

export interface ProportionTest {
  /** Rate of B minus rate of A. */
  readonly difference: number;
  readonly z: number;
  /** Two-sided p-value. */
  readonly p: number;
}

/**
 * The two-proportion z-test (pooled variance, two-sided) of xa/na against xb/nb. Equal rates of
 * 0 or 1 (no variance) give z 0 and p 1; an empty side gives p 1.
 */
export function twoProportionTest(xa: number, na: number, xb: number, nb: number): ProportionTest {
  if (na === 0 || nb === 0) return { difference: 0, z: 0, p: 1 };
  const pa = xa / na;
  const pb = xb / nb;
  const pooled = (xa + xb) / (na + nb);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  if (se === 0) return { difference: pb - pa, z: 0, p: 1 };
  const z = (pb - pa) / se;
  return { difference: pb - pa, z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

export const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
