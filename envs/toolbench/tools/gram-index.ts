/**
 * Trigram index over a world list's lower-cased texts, for the substring searches of the search
 * tools. A text that contains a word contains each of the word's trigrams, so the texts listed
 * under any one trigram of any word are a superset of the texts containing every word: the
 * searches test only those, in list order, with the same `includes` tests a scan makes.
 */
const GRAM = 3;

const NONE: readonly number[] = [];
const FEW = 2;

export class GramIndex {
  /** Postings of trigrams of three ASCII code units, by the units packed in one small integer (no string made per look-up). */
  readonly #ascii = new Map<number, number[]>();
  /** Postings of the other trigrams, by their text. */
  readonly #other = new Map<string, number[]>();

  constructor(texts: readonly string[]) {
    for (let at = 0; at < texts.length; at++) {
      const text = texts[at]!;
      for (let i = 0; i + GRAM <= text.length; i++) {
        const a = text.charCodeAt(i);
        const b = text.charCodeAt(i + 1);
        const c = text.charCodeAt(i + 2);
        if ((a | b | c) < 128) add(this.#ascii, (a << 14) | (b << 7) | c, at);
        else add(this.#other, text.slice(i, i + GRAM), at);
      }
    }
  }

  /** The posting list of the trigram of `word` at `i`. */
  #postings(word: string, i: number): readonly number[] {
    const a = word.charCodeAt(i);
    const b = word.charCodeAt(i + 1);
    const c = word.charCodeAt(i + 2);
    return ((a | b | c) < 128 ? this.#ascii.get((a << 14) | (b << 7) | c) : this.#other.get(word.slice(i, i + GRAM))) ?? NONE;
  }

  /**
   * Ascending positions of the texts that may contain every word (the shortest posting list among
   * the trigrams looked up), or null when no word has a trigram: the caller then scans every text.
   */
  candidates(words: readonly string[]): readonly number[] | null {
    let best: readonly number[] | null = null;
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      const last = word.length - GRAM;
      // Any trigram of a word will do; the first, middle and last of each are looked up.
      for (let k = 0; k < 3 && last >= 0; k++) {
        const i = k === 0 ? 0 : k === 1 ? last : last >> 1;
        if (k > 0 && (i === 0 || (k === 2 && i === last))) continue;
        const list = this.#postings(word, i);
        if (best === null || list.length < best.length) {
          best = list;
          // A list this short is cheaper to test than the lookups left.
          if (list.length <= FEW) return best;
        }
      }
    }
    return best;
  }
}

function add<K>(postings: Map<K, number[]>, key: K, at: number): void {
  const list = postings.get(key);
  if (list === undefined) postings.set(key, [at]);
  else if (list[list.length - 1] !== at) list.push(at);
}

const indexes = new WeakMap<readonly string[], GramIndex>();

/** The index of a list of texts (the shared, read-only lists `lowerNames` returns), built on first use. */
export function gramIndex(texts: readonly string[]): GramIndex {
  let index = indexes.get(texts);
  if (index === undefined) indexes.set(texts, (index = new GramIndex(texts)));
  return index;
}
