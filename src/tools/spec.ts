import { z } from 'zod';
import type { ToolSpec } from '../core/messages.js';
import type { Tool } from './tool.js';

/** The JSON Schema of a tool's input, as a model should see it (defaults make fields optional). */
export function inputJsonSchema(tool: Tool): Record<string, unknown> {
  const schema = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema['$schema'];
  return schema;
}

/** The OpenAI function-tool spec of a tool. */
export function toolSpec(tool: Tool): ToolSpec {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: inputJsonSchema(tool) },
  };
}
