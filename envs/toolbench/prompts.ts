import { BUILTIN_PARSERS, type PromptContext, type ToolSpec } from '../../src/index.js';
import { FINISH } from './tools/finish.js';
import type { ToolBenchWorld } from './world/world.js';

const TEXT_FORMATS: Readonly<Record<string, string>> = {
  react: 'Answer every turn in exactly this form, one function per turn:\nThought: <what you will do and why>\nAction: <function name>\nAction Input: <arguments as a JSON object>',
  xlam: 'Answer every turn with one JSON object (optionally in a ```json block): {"thought": "<your reasoning>", "tool_calls": [{"name": "<function name>", "arguments": {...}}]}',
};

/**
 * Each offered tool's line of the function list, by its spec. The specs are the registry's, shared
 * by every episode and read-only by contract (as the world is), so a line is written once per tool
 * instead of once per reset: the JSON of its parameters was most of a text-format reset.
 */
const functionLines = new WeakMap<ToolSpec, string>();

function functionLine(t: ToolSpec): string {
  let line = functionLines.get(t);
  if (line === undefined) {
    line = `- ${t.function.name}: ${t.function.description}\n  parameters: ${JSON.stringify(t.function.parameters)}`;
    functionLines.set(t, line);
  }
  return line;
}

function functionList(ctx: PromptContext<ToolBenchWorld>): string {
  return ctx.tools.map(functionLine).join('\n');
}

/** The system prompt: the task, today's date, how to act in this episode's format, and how to finish. */
export function systemPrompt(ctx: PromptContext<ToolBenchWorld>): string {
  const lines = [
    'You are an assistant that solves the user\'s request by calling real-world API functions, one call per turn.',
    `Today is ${ctx.world.today}.`,
    'Each function answers with a JSON object {"error": "...", "response": ...}; a non-empty error means the call failed, so read it and fix the call.',
    'Several functions may offer the same service with different argument names and response layouts; use whichever is available.',
    `When you have the answer, call ${FINISH} with return_type "give_answer" and put only the answer itself in final_answer (a name, a number, a date or a comma-separated list). If the task cannot be done, call ${FINISH} with return_type "give_up_and_restart".`,
  ];
  if (ctx.instance.conversation !== undefined) {
    lines.push(
      `The user may not have told you everything you need. To ask the user something, write a plain message to them instead of a function call (${ctx.actionFormat === 'openai' ? 'an assistant message with no tool call' : 'plain text, without the action format'}); ask only for what you are missing. The user may make further requests after you answer: answer each one with ${FINISH}, then wait for the next.`,
    );
  }
  const format = TEXT_FORMATS[ctx.actionFormat];
  if (format !== undefined) {
    lines.push(format, `Functions you can use:\n${functionList(ctx)}`);
  } else if (ctx.actionFormat !== 'openai') {
    lines.push(`Write each turn as: ${BUILTIN_PARSERS[ctx.actionFormat]?.hint ?? ctx.actionFormat}`, `Functions you can use:\n${functionList(ctx)}`);
  }
  return lines.join('\n\n');
}
