import { resolveParsers } from './formats.js';
import type { ActionParser, EncodedCall } from './parse-result.js';

/** Writes calls as an action in `format` (a built-in or one of `custom`). Throws when the format cannot express them. */
export function encodeAction(format: string, calls: readonly EncodedCall[], step: number, thought?: string, custom: Readonly<Record<string, ActionParser>> = {}): unknown {
  const [parser] = resolveParsers([format], custom);
  const action = parser?.encode?.(calls, step, thought);
  if (action === undefined) throw new Error(`action format ${format} cannot express the calls ${calls.map((c) => c.name).join(', ')}`);
  return action;
}
