import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The `n`th call id of a row: 9 alphanumeric characters (what Mistral's templates demand), a pure function of the seed. */
export function mintCallId(seed: string, n: number): string {
  const digest = createHash('sha256').update(`${seed}\u0000${n}`).digest();
  let id = '';
  for (let i = 0; i < 9; i++) id += ALPHABET[digest[i]! % ALPHABET.length];
  return id;
}

/**
 * Call ids of one exported row, minted in order of appearance from the record's hash, so every
 * template accepts them and the same record always gets the same ids. A tool reply takes the id of
 * the latest call that carried its original id (the ids a model returned may repeat). `fork` lets
 * the two sides of a preference pair continue from the shared prompt with the same next ids.
 */
export class CallIds {
  private constructor(
    private readonly seed: string,
    private next: number,
    private readonly byOriginal: Map<string, string>,
  ) {}

  static forRow(seed: string): CallIds {
    return new CallIds(seed, 0, new Map());
  }

  fork(): CallIds {
    return new CallIds(this.seed, this.next, new Map(this.byOriginal));
  }

  call(original: string): string {
    const id = mintCallId(this.seed, this.next++);
    this.byOriginal.set(original, id);
    return id;
  }

  reply(original: string): string {
    return this.byOriginal.get(original) ?? this.call(original);
  }
}
