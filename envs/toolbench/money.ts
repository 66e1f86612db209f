/** Money and measures are kept to fixed decimals, so totals add up exactly after rounding (and never read -0). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100 + 0;
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10 + 0;
}

export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f + 0;
}

/** A whole number with thousands separators, `1,234,000` (no locale data involved). */
export function thousands(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
