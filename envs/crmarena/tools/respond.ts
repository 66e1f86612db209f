import { z } from 'zod';
import { crmTool } from './tool-kit.js';

export const RESPOND = 'respond';

export const respond = crmTool({
  name: RESPOND,
  description: 'Gives the final answer to the user and ends the task. Put only the answer in content: an Id, a comma-separated list of Ids, a month, a state code, a short text, or None.',
  input: z.object({ content: z.string().describe('the final answer') }),
  terminal: true,
  domain: 'respond',
  handler: ({ content }) => content,
});
