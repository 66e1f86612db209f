/**
 * Object keys as JSON member prefixes (`"key":`). Writers of JSON by hand meet a small vocabulary
 * of key names (a few hundred across tools and records), so each is quoted once per process; the
 * first MAX_KEYS seen are kept, others are quoted each time.
 */
const prefixes = new Map<string, string>();
const MAX_KEYS = 4096;

export function memberPrefix(key: string): string {
  let prefix = prefixes.get(key);
  if (prefix === undefined) {
    prefix = `${JSON.stringify(key)}:`;
    if (prefixes.size < MAX_KEYS) prefixes.set(key, prefix);
  }
  return prefix;
}
