import { cueText } from '../tasks/conversation-instance.js';
import type { ConversationTopic } from '../tasks/instance.js';

/** Whether the normalised message holds the normalised phrase as whole words (a plural `s`/`es` allowed). */
export function holdsPhrase(message: string, phrase: string): boolean {
  if (phrase === '') return false;
  let at = message.indexOf(phrase);
  while (at !== -1) {
    const before = at === 0 || message.charCodeAt(at - 1) === 32;
    const end = at + phrase.length;
    const rest = message.slice(end, end + 3);
    const after = end === message.length || rest.startsWith(' ') || rest === 's' || rest.startsWith('s ') || rest === 'es' || rest.startsWith('es ');
    if (before && after) return true;
    at = message.indexOf(phrase, at + 1);
  }
  return false;
}

/** What the user makes of the agent's message: which of its topics it asks about. */
export interface Reading {
  /** Topics the user has not given yet and the message asks for. */
  readonly missing: readonly string[];
  /** Topics the user has already given that the message asks for again (without stating their value). */
  readonly redundant: readonly string[];
}

/**
 * Reads the agent's message by the template's rules: a topic is asked about when one of its cues
 * (label, synonyms, descriptions) appears as whole words. A known topic whose current value the
 * message states is being confirmed or used, not asked.
 */
export function readMessage(text: string, topics: readonly ConversationTopic[], known: ReadonlyMap<string, string>): Reading {
  const message = cueText(text);
  const missing: string[] = [];
  const redundant: string[] = [];
  for (const topic of topics) {
    if (!topic.cues.some((cue) => holdsPhrase(message, cue))) continue;
    const value = known.get(topic.name);
    if (value === undefined) {
      if (topic.withheld) missing.push(topic.name);
      continue;
    }
    if (!holdsPhrase(message, cueText(value))) redundant.push(topic.name);
  }
  return { missing, redundant };
}
