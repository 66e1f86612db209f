import { getAgentsWithMaxCases, getAgentsWithMinCases } from './case-owners.js';
import { getAgentHandledCasesByPeriod, getAgentTransferredCasesByPeriod, getNonTransferredCaseIds, getQualifiedAgentIdsByCaseCount } from './case-history.js';
import { calculateRegionAverageClosureTimes, getCases, getMonthToCaseCount, getShippingState } from './cases.js';
import { getAccountIdByContactId } from './contacts.js';
import { getEmailMessagesByCaseId, getLivechatTranscriptByCaseId } from './conversations.js';
import { calculateAverageHandleTime } from './handle-time.js';
import { searchKnowledgeArticles } from './knowledge.js';
import { getPeriod, getStartDate } from './periods.js';
import { getIssueCounts, getIssues, getOrderItemIdsByProduct, getPurchaseHistory, searchProducts } from './products.js';
import { issueSoqlQuery, issueSoslQuery } from './queries.js';
import { respond } from './respond.js';
import type { CrmTool } from './tool-kit.js';
import { findIdWithMaxValue, findIdWithMinValue } from './values.js';

/** CRMArena's 25 tools (respond included), in the order of its function list. */
export const CRMARENA_TOOLS: readonly CrmTool<any>[] = [
  getAgentsWithMaxCases,
  getAgentsWithMinCases,
  calculateAverageHandleTime,
  getStartDate,
  getPeriod,
  getAgentHandledCasesByPeriod,
  getQualifiedAgentIdsByCaseCount,
  getCases,
  getNonTransferredCaseIds,
  getAgentTransferredCasesByPeriod,
  getShippingState,
  calculateRegionAverageClosureTimes,
  getOrderItemIdsByProduct,
  getIssueCounts,
  findIdWithMaxValue,
  findIdWithMinValue,
  getAccountIdByContactId,
  getPurchaseHistory,
  getMonthToCaseCount,
  searchKnowledgeArticles,
  searchProducts,
  getIssues,
  getEmailMessagesByCaseId,
  getLivechatTranscriptByCaseId,
  respond,
];

/** The free-form query tools (CRMArena's "flex" set). */
export const QUERY_TOOLS: readonly CrmTool<any>[] = [issueSoqlQuery, issueSoslQuery];

export const ALL_TOOLS: readonly CrmTool<any>[] = [...CRMARENA_TOOLS, ...QUERY_TOOLS];
