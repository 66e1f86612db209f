import type { SplitDefinition } from '../../src/tasks/split.js';
import type { Tool } from '../../src/tools/tool.js';
import { RESPOND } from './tools/respond.js';
import type { TaskCode } from './tasks/task-kit.js';

/**
 * Which of CRMArena's tools an agent explores with and which are held out for out-of-domain tests.
 * The defaults follow the LAM Simulator paper: 15 of the 25 tools explored (exactly those the
 * explored tasks NCR, HTU, MTA, BRI need), the other 10 (respond among them) held out. `respond`
 * is offered everywhere: every episode must be able to end.
 */
export interface ToolPartition {
  readonly explore: readonly string[];
  readonly heldOut: readonly string[];
}

export const DEFAULT_TOOL_PARTITION: ToolPartition = {
  explore: [
    'get_issues',
    'get_cases',
    'get_agents_with_max_cases',
    'get_order_item_ids_by_product',
    'get_period',
    'get_agent_handled_cases_by_period',
    'get_qualified_agent_ids_by_case_count',
    'get_non_transferred_case_ids',
    'calculate_average_handle_time',
    'find_id_with_min_value',
    'find_id_with_max_value',
    'get_start_date',
    'get_month_to_case_count',
    'get_shipping_state',
    'calculate_region_average_closure_times',
  ],
  heldOut: [
    'get_agents_with_min_cases',
    'get_agent_transferred_cases_by_period',
    'get_issue_counts',
    'get_account_id_by_contact_id',
    'get_purchase_history',
    'search_knowledge_articles',
    'search_products',
    'get_email_messages_by_case_id',
    'get_livechat_transcript_by_case_id',
    RESPOND,
  ],
};

/** Which tasks are explored and which held out (the paper explored the first four). */
export interface TaskPartition {
  readonly explore: readonly TaskCode[];
  readonly heldOut: readonly TaskCode[];
}

export const DEFAULT_TASK_PARTITION: TaskPartition = {
  explore: ['NCR', 'HTU', 'MTA', 'BRI'],
  heldOut: ['TCU', 'TII', 'NED', 'PVI', 'KQA'],
};

/** The split label (and split name) of the multi-turn templates. */
export const MULTI_TURN = 'multi-turn';

export const FLEX_TOOL_NAMES: readonly string[] = ['issue_soql_query', 'issue_sosl_query'];

/**
 * The splits: `explore` (the default) and `held-out` as in the paper; `-flex` variants that also
 * offer the free-form SOQL/SOSL tools (needed by the ReAct tag format); `all` for every single-turn
 * task; `multi-turn` for the conversations of tasks/multi-turn.ts.
 * Held-out instances may use every tool: their tasks need explored tools too.
 */
export function buildSplits(config: SplitConfig = {}): Record<string, SplitDefinition> {
  const partition = config.tools ?? DEFAULT_TOOL_PARTITION;
  const tasks = config.tasks ?? DEFAULT_TASK_PARTITION;
  const explore = new Set([...partition.explore, RESPOND]);
  const every = new Set([...partition.explore, ...partition.heldOut, RESPOND]);
  const flex = new Set(FLEX_TOOL_NAMES);
  const inTasks = (codes: readonly string[]) => (t: { domain?: string | undefined; split?: string | undefined }) => codes.includes(t.domain ?? '') && t.split !== MULTI_TURN;
  const allowed = (names: ReadonlySet<string>, withFlex: boolean) => (t: Tool) => names.has(t.name) || (withFlex && flex.has(t.name));
  return {
    explore: { description: `explored tasks (${tasks.explore.join(', ')}) with the ${partition.explore.length} explored tools`, templates: inTasks(tasks.explore), tools: allowed(explore, false) },
    'held-out': { description: `held-out tasks (${tasks.heldOut.join(', ')}) with every tool, the ${partition.heldOut.length} held-out ones included`, templates: inTasks(tasks.heldOut), tools: allowed(every, false) },
    'explore-flex': { description: 'explored tasks, explored tools plus SOQL/SOSL', role: 'train', templates: inTasks(tasks.explore), tools: allowed(explore, true) },
    'held-out-flex': { description: 'held-out tasks, every tool plus SOQL/SOSL', templates: inTasks(tasks.heldOut), tools: allowed(every, true) },
    all: { description: 'every single-turn task and every tool, SOQL/SOSL included (it holds held-out tasks, so it plays in eval worlds)', templates: (t) => t.split !== MULTI_TURN, tools: allowed(every, true) },
    [MULTI_TURN]: {
      description: 'multi-turn tasks (MT): a simulated colleague or customer who keeps details back until asked, follows up and corrects itself; every tool (held-out ones included: customer questions need them), in train worlds',
      role: 'train',
      templates: (t) => t.split === MULTI_TURN,
      tools: allowed(every, false),
    },
  };
}

/** How to partition tools and tasks; the paper's partition by default. */
export interface SplitConfig {
  readonly tools?: ToolPartition;
  readonly tasks?: TaskPartition;
}
