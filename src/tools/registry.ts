import type { ToolSpec } from '../core/messages.js';
import { inputJsonSchema, toolSpec } from './spec.js';
import type { Tool } from './tool.js';

/** A tool plus what is derived from it once: its spec, its JSON Schema and its argument names. */
export interface RegisteredTool {
  readonly tool: Tool;
  readonly spec: ToolSpec;
  readonly jsonSchema: Record<string, unknown>;
  /** Argument names an object input accepts; null when the input is not a plain object schema. */
  readonly argumentNames: ReadonlySet<string> | null;
  readonly required: readonly string[];
}

/** The tools of an environment, by name, with alternate providers grouped by capability. */
export class ToolRegistry {
  readonly #byName = new Map<string, RegisteredTool>();
  readonly #byCapability = new Map<string, Tool[]>();

  constructor(tools: readonly Tool[]) {
    for (const tool of tools) this.add(tool);
  }

  add(tool: Tool): void {
    if (this.#byName.has(tool.name)) throw new Error(`ToolRegistry: duplicate tool name ${tool.name}`);
    const jsonSchema = inputJsonSchema(tool);
    const properties = jsonSchema['properties'];
    const isObject = jsonSchema['type'] === 'object' && typeof properties === 'object' && properties !== null;
    const closed = isObject && jsonSchema['additionalProperties'] !== true && typeof jsonSchema['additionalProperties'] !== 'object';
    this.#byName.set(tool.name, {
      tool,
      spec: toolSpec(tool),
      jsonSchema,
      argumentNames: closed ? new Set(Object.keys(properties as object)) : null,
      required: Array.isArray(jsonSchema['required']) ? (jsonSchema['required'] as string[]) : [],
    });
    if (tool.capability) {
      const list = this.#byCapability.get(tool.capability) ?? [];
      list.push(tool);
      this.#byCapability.set(tool.capability, list);
    }
  }

  get(name: string): RegisteredTool | undefined {
    return this.#byName.get(name);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** Every provider of the capability (the tool itself when it has none). */
  providers(tool: Tool): readonly Tool[] {
    return tool.capability ? (this.#byCapability.get(tool.capability) ?? [tool]) : [tool];
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  all(): RegisteredTool[] {
    return [...this.#byName.values()];
  }

  get size(): number {
    return this.#byName.size;
  }
}
