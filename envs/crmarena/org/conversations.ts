import type { Rng } from '../../../src/core/rng.js';
import type { CaseDraft } from './cases.js';
import { isoDateTime, MINUTE } from './dates.js';
import { ID_PREFIX, IdMinter } from './ids.js';
import { allows } from './policies.js';
import type { AccountRecord, CaseRecord, ContactRecord, EmailMessageRecord, LiveChatTranscriptRecord, UserRecord } from './records.js';
import { ISSUE_NAMES } from './vocabulary.js';

/** A chat in which the agent answered a request that one policy governs. */
export interface PolicyScenario {
  readonly caseId: string;
  readonly policyKey: string;
  readonly articleId: string;
  readonly limit: number;
  /** Days, hours, months or dollars, as the policy counts. */
  readonly value: number;
  readonly granted: boolean;
  /** Granted although the policy does not allow it. */
  readonly violated: boolean;
}

const SUPPORT_ADDRESS = 'support@shoesclothings.example';

const REPLIES: Readonly<Record<string, string>> = {
  'Billing/Payment Issue': 'I have reviewed the charges on your order and corrected the billing.',
  'Return Policy Issue': 'I have checked your order against our return rules and explained the next steps.',
  'Product Defect': 'I am sorry the item is faulty. I have arranged a replacement.',
  'Size Mismatch': 'I have noted the sizing problem and set up an exchange.',
  'Shipping Delay': 'I contacted the carrier and your parcel is moving again.',
  'Product Availability': 'I checked our stock plans and shared the expected restock date.',
  'Order Cancellation': 'I have looked into the cancellation of your order.',
  'Warranty Issue': 'I have opened a warranty claim for you.',
  'Incorrect Item Received': 'I apologise for the mix-up. The correct item is on its way.',
  'Loyalty Program Inquiry': 'I have reviewed your loyalty balance.',
};

interface ConversationInputs {
  readonly cases: readonly CaseRecord[];
  readonly drafts: readonly CaseDraft[];
  readonly users: readonly UserRecord[];
  readonly accounts: readonly AccountRecord[];
  readonly contacts: readonly ContactRecord[];
  readonly productNames: readonly string[];
  readonly todayMs: number;
}

/**
 * Emails for every case (the customer's message, and the agent's reply once someone has worked on
 * it) and a chat transcript for chat cases. Some closed chat cases carry a policy scenario: the
 * customer asks for something a policy limits and the agent grants or refuses it.
 */
export function buildConversations(rng: Rng, inputs: ConversationInputs): { emails: EmailMessageRecord[]; chats: LiveChatTranscriptRecord[]; scenarios: PolicyScenario[] } {
  const emailIds = new IdMinter(ID_PREFIX.EmailMessage, rng.child('email-ids'));
  const chatIds = new IdMinter(ID_PREFIX.LiveChatTranscript, rng.child('chat-ids'));
  const draw = rng.child('text');
  const emails: EmailMessageRecord[] = [];
  const chats: LiveChatTranscriptRecord[] = [];
  const scenarios: PolicyScenario[] = [];

  inputs.cases.forEach((record, i) => {
    const draft = inputs.drafts[i]!;
    const account = inputs.accounts[draft.account]!;
    const contact = inputs.contacts[draft.account]!;
    const first = inputs.users[draft.owners[0]!]!;
    const created = draft.created;
    const product = inputs.productNames[draft.product]!;
    const issue = ISSUE_NAMES[draft.issue]!;

    if (draft.origin !== 'Chat') {
      emails.push({
        Id: emailIds.mint(),
        ParentId: record.Id,
        Subject: record.Subject,
        TextBody: `Hello,\n\n${record.Description}\n\nThanks,\n${account.FirstName}`,
        FromAddress: account.PersonEmail,
        ToAddress: SUPPORT_ADDRESS,
        ToIds: first.Id,
        MessageDate: isoDateTime(created),
      });
    }
    const replyAt = created + Math.round(20 + 240 * draw.next()) * MINUTE;
    const owner = inputs.users[draft.owners[draft.owners.length - 1]!]!;
    if (draft.closed !== null || (replyAt < inputs.todayMs && replyAt < (draft.transferTimes[0] ?? Infinity))) {
      const from = draft.closed !== null ? owner : first;
      emails.push({
        Id: emailIds.mint(),
        ParentId: record.Id,
        Subject: `Re: ${record.Subject}`,
        TextBody: `Hi ${account.FirstName},\n\n${REPLIES[issue]} Reply to this email if anything else comes up.\n\nBest regards,\n${from.FirstName} ${from.LastName}\nShoes & Clothings Support`,
        FromAddress: from.Email,
        ToAddress: account.PersonEmail,
        ToIds: contact.Id,
        MessageDate: isoDateTime(draft.closed !== null ? Math.min(replyAt, draft.closed) : replyAt),
      });
    }
    if (draft.origin !== 'Chat') return;

    const end = Math.max(created, Math.min(created + draw.int(4, 35) * MINUTE, inputs.todayMs - 1000));
    const customer = `Customer (${account.FirstName})`;
    const agent = `Agent (${first.FirstName})`;
    let lines: string[];
    if (draft.scenario !== null) {
      const { policy, fact, value, granted } = draft.scenario;
      scenarios.push({ caseId: record.Id, policyKey: policy.key, articleId: fact.articleId, limit: fact.limit, value, granted, violated: granted && !allows(policy, fact.limit, value) });
      lines = [
        `${customer}: Hi. ${policy.request(product, value)}`,
        `${agent}: Thanks for contacting Shoes & Clothings, ${account.FirstName}. Let me check your account.`,
        `${agent}: ${granted ? policy.grant(product) : policy.refuse(fact.limit)}`,
        `${customer}: ${granted ? 'Great, thank you!' : 'Okay, I understand.'}`,
      ];
    } else {
      lines = [
        `${customer}: Hello. ${record.Description}`,
        `${agent}: Thanks for reaching out, ${account.FirstName}. I am looking into it now.`,
        `${agent}: ${REPLIES[issue]}`,
        `${customer}: Thanks for the help.`,
      ];
    }
    chats.push({
      Id: chatIds.mint(),
      CaseId: record.Id,
      AccountId: account.Id,
      ContactId: contact.Id,
      OwnerId: first.Id,
      Body: `Chat started ${isoDateTime(created)}\n${lines.join('\n')}\nChat ended ${isoDateTime(end)}`,
      EndTime: isoDateTime(end),
    });
  });
  return { emails, chats, scenarios };
}
