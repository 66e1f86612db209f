import { z } from 'zod';
import type { JsonValue } from '../../../src/core/json.js';
import { toolError } from '../../../src/tools/tool.js';
import { runSoql, runSosl, type QueryOutcome } from '../query/index.js';
import { crmTool } from './tool-kit.js';

/** A query's rows as the agent reads them; a bare COUNT() query answers with its count. */
function answer(outcome: QueryOutcome): JsonValue | ReturnType<typeof toolError> {
  if (!outcome.ok) return toolError(outcome.error, 'malformed_query');
  if (outcome.records.length === 0 && outcome.totalSize > 0) return outcome.totalSize;
  return outcome.records;
}

export const issueSoqlQuery = crmTool({
  name: 'issue_soql_query',
  description: 'Runs a SOQL query (SELECT ... FROM ... WHERE ...) against the org and returns the records it selects.',
  input: z.object({ query: z.string().describe('a SOQL query, e.g. SELECT Id, Name FROM Issue__c') }),
  domain: 'flex',
  handler: ({ query }, { world }) => answer(runSoql(world, query)),
});

export const issueSoslQuery = crmTool({
  name: 'issue_sosl_query',
  description: 'Runs a SOSL search (FIND {words} IN ALL FIELDS RETURNING Object(fields)) against the org and returns the records found.',
  input: z.object({ query: z.string().describe('a SOSL search, e.g. FIND {return window} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title)') }),
  domain: 'flex',
  handler: ({ query }, { world }) => answer(runSosl(world, query)),
});
