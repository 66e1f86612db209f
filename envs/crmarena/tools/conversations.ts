import { z } from 'zod';
import { to18 } from '../org/ids.js';
import type { Org } from '../org/org.js';
import { crmTool, failure } from './tool-kit.js';

function knownCase(org: Org, caseId: string): string | ReturnType<typeof failure> {
  const id = to18(caseId.trim());
  return org.index.caseRow.has(id) ? id : failure(`no Case has the Id ${JSON.stringify(caseId.slice(0, 40))}`, 'not_found');
}

export const getEmailMessagesByCaseId = crmTool({
  name: 'get_email_messages_by_case_id',
  description: 'Returns the email messages of a case (Subject, TextBody, FromAddress, ToAddress, ToIds, MessageDate), oldest first.',
  input: z.object({ case_id: z.string().describe('the Case Id') }),
  domain: 'conversations',
  handler: ({ case_id }, { world }) => {
    const id = knownCase(world, case_id);
    if (typeof id !== 'string') return id;
    return (world.index.emailsByCase.get(id) ?? []).map((e) => ({ Id: e.Id, Subject: e.Subject, TextBody: e.TextBody, FromAddress: e.FromAddress, ToAddress: e.ToAddress, ToIds: e.ToIds, MessageDate: e.MessageDate }));
  },
});

export const getLivechatTranscriptByCaseId = crmTool({
  name: 'get_livechat_transcript_by_case_id',
  description: 'Returns the live chat transcripts of a case (Body, EndTime).',
  input: z.object({ case_id: z.string().describe('the Case Id') }),
  domain: 'conversations',
  handler: ({ case_id }, { world }) => {
    const id = knownCase(world, case_id);
    if (typeof id !== 'string') return id;
    return (world.index.chatsByCase.get(id) ?? []).map((c) => ({ Id: c.Id, Body: c.Body, EndTime: c.EndTime }));
  },
});
