import { z } from 'zod';
import { defineTool, type FinalAnswer, type JsonValue } from '../../../src/index.js';

export const FINISH = 'Finish';

export const FinishInput = z
  .object({
    return_type: z.enum(['give_answer', 'give_up_and_restart']).describe('give_answer to reply to the user; give_up_and_restart when the task cannot be done with these functions'),
    final_answer: z.string().optional().describe('The complete answer for the user; required with give_answer'),
  })
  .refine((a) => a.return_type !== 'give_answer' || (a.final_answer !== undefined && a.final_answer.trim() !== ''), {
    message: 'final_answer is required (and must not be empty) when return_type is give_answer',
    path: ['final_answer'],
  });
export type FinishArgs = z.infer<typeof FinishInput>;

/** ToolBench's terminal function: answer the user, or give up and start over. */
export const finishTool = defineTool<FinishArgs>({
  name: FINISH,
  description: 'Call this once you are done. With return_type give_answer, put the full answer in final_answer; with give_up_and_restart, the attempt ends without an answer.',
  input: FinishInput,
  terminal: true,
  handler: () => 'Answer received.',
});

export function readFinish(_tool: string, args: FinishArgs): FinalAnswer {
  return args.return_type === 'give_answer' ? { answer: args.final_answer ?? '', gaveUp: false } : { answer: null, gaveUp: true };
}

export function finishArgs(answer: string): Record<string, JsonValue> {
  return { return_type: 'give_answer', final_answer: answer };
}
