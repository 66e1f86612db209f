import type { JsonObject, JsonValue } from '../../../src/core/json.js';
import type { Org } from './org.js';
import { OBJECT_NAMES } from './records.js';

/** The org as JSON: one array of records per object, keyed by CRMArena's object names, with its field names. */
export function orgToJson(world: Org): JsonObject {
  const out: JsonObject = {};
  for (const name of OBJECT_NAMES) out[name] = world.tables[name] as unknown as JsonValue[];
  return out;
}
