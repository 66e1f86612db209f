import type { JsonObject, JsonValue } from '../../src/core/json.js';
import type { Org } from './org/org.js';
import { OBJECT_NAMES } from './org/records.js';

export { crmarenaEnvironment, createCrmArenaEnvironment, CRMARENA_ID } from './environment.js';
export { buildOrg } from './org/build.js';
export { OrgOptionsSchema, type OrgOptions, type OrgOptionsInput } from './org/options.js';
export type { Org, OrgFacts } from './org/org.js';
export type { OrgTables, ObjectName } from './org/records.js';
export { OBJECT_NAMES } from './org/records.js';
export { ID_PREFIX, checksumOf, to18, isSalesforceId } from './org/ids.js';
export { buildSplits, DEFAULT_TOOL_PARTITION, DEFAULT_TASK_PARTITION, FLEX_TOOL_NAMES, type ToolPartition, type TaskPartition, type SplitConfig } from './splits.js';
export { CRMARENA_TOOLS, QUERY_TOOLS, ALL_TOOLS } from './tools/index.js';
export { CRMARENA_TEMPLATES } from './tasks/index.js';
export { TASK_CODES, TASK_NAMES, type TaskCode } from './tasks/task-kit.js';
export { DOMAIN_DETAILS, SIGNIFICANCE_FACTOR, KQA_F1_THRESHOLD } from './tasks/domain-details.js';
export { reactTagsParser, REACT_TAGS_FORMAT, isSosl } from './react-tags.js';
export { observeCrm } from './observe.js';

/** The org as JSON: one array of records per object, keyed by CRMArena's object names, with its field names. */
export function orgToJson(world: Org): JsonObject {
  const out: JsonObject = {};
  for (const name of OBJECT_NAMES) out[name] = world.tables[name] as unknown as JsonValue[];
  return out;
}
