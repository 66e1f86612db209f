import type { Environment } from '../../src/core/environment.js';
import type { JsonValue } from '../../src/core/json.js';
import type { QueryInstance, SolutionCall } from '../../src/tasks/instance.js';

/**
 * CRMArena's tag format can only run SOQL/SOSL and respond, so the oracle's tool path cannot be
 * written in it. This plan answers a monthly-trend (MTA) question the way a SOQL agent would: one
 * aggregate query over the product's cases in the window, then the answer.
 */
export function crmMonthlyTrendBySoql(environment: Environment, instance: QueryInstance): SolutionCall[] {
  const p = instance.params as Record<string, JsonValue>;
  const query =
    `SELECT CALENDAR_MONTH(CreatedDate) m, COUNT(Id) n FROM Case WHERE OrderItemId__c IN ` +
    `(SELECT Id FROM OrderItem WHERE Product2Id = '${String(p['product_id'])}') AND CreatedDate >= ${String(p['start_date'])} ` +
    `AND CreatedDate < ${String(p['end_date'])} GROUP BY CALENDAR_MONTH(CreatedDate)`;
  const finish = environment.definition.finish;
  return [
    { tool: 'issue_soql_query', arguments: { query } },
    { tool: finish.tool, arguments: finish.args(instance.solution.answer) },
  ];
}
