import type { Rng } from '../core/rng.js';

/**
 * The simulated user's fixed phrases. Slots: `{said}` (what it already said, as "the city is
 * Paris"), `{labels}` (what it has not said yet, by label), `{next}` (its next request).
 * Nothing here carries a fact: facts come only from the instance's values.
 */
export const USER_PHRASES = {
  alreadySaid: ['I already told you: {said}.', 'As I said, {said}.', 'Like I mentioned before, {said}.'],
  unneeded: [
    "I'm not sure what you mean. I just need an answer to my question.",
    "I don't think that matters for what I asked.",
    'Sorry, I have nothing to add to that. Could you answer my question?',
  ],
  premature: ["Wait, you haven't asked me the {labels} yet.", "Hold on, don't you need to know the {labels} first?", "That can't be it yet: I haven't told you the {labels}."],
  followUp: ['Thanks. {next}', 'Great, thank you. {next}', 'OK. {next}'],
  /** One thing it already said, inside `alreadySaid`. */
  saidItem: ['the {label} is {value}'],
  /** How it lists several labels or things said. */
  joiner: [' and '],
} as const;

export type PhraseKind = keyof typeof USER_PHRASES;

/** One phrase of `kind` drawn from `rng`, its slots filled. */
export function phrase(kind: PhraseKind, rng: Rng, slots: Readonly<Record<string, string>>): string {
  let text: string = rng.pick(USER_PHRASES[kind]);
  for (const [name, value] of Object.entries(slots)) text = text.replaceAll(`{${name}}`, value);
  return text;
}

/** "a", "a and b", "a, b and c". */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')}${USER_PHRASES.joiner[0]}${items[items.length - 1]}`;
}
