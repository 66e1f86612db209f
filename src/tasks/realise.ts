import type { JsonValue } from '../core/json.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { Tool } from '../tools/tool.js';
import type { SolutionCall } from './instance.js';

/** Providers of the tool's capability that can stand in for it (itself, or any that can adapt its arguments). */
export function standIns(registry: ToolRegistry, tool: Tool): Tool[] {
  return registry.providers(tool).filter((p) => p === tool || p.adapt !== undefined);
}

/**
 * The call that realises a solution step with the tools actually offered: the same tool when it is
 * offered, else an offered alternate provider with its arguments adapted. Null when none is offered.
 */
export function realiseCall(registry: ToolRegistry, offered: ReadonlySet<string>, call: SolutionCall): SolutionCall | null {
  if (offered.has(call.tool)) return call;
  const entry = registry.get(call.tool);
  if (!entry) return null;
  for (const provider of standIns(registry, entry.tool)) {
    if (provider !== entry.tool && offered.has(provider.name) && provider.adapt) {
      return { tool: provider.name, arguments: provider.adapt(call.arguments as Record<string, JsonValue>) };
    }
  }
  return null;
}
