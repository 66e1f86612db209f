/**
 * ToolBench's function names: the API name and the tool name, each standardised (lowercase,
 * anything outside [a-z0-9_] becomes `_`, runs of `_` collapsed, no `_` at either end, a leading
 * digit gets a `get_` prefix), joined by `_for_`, at most 64 characters.
 */
const RESERVED = new Set(['from', 'class', 'return', 'false', 'true', 'id', 'and']);

export const MAX_FUNCTION_NAME = 64;

export function standardize(name: string): string {
  let s = name.toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (/^[0-9]/.test(s)) s = `get_${s}`;
  return s;
}

/** The name a model calls: `<api>_for_<tool>`, e.g. `get_search_movie_for_movie_tools`. */
export function functionName(api: string, tool: string): string {
  let apiName = standardize(api);
  if (RESERVED.has(apiName)) apiName = `is_${apiName}`;
  const full = `${apiName}_for_${standardize(tool)}`;
  return full.length <= MAX_FUNCTION_NAME ? full : full.slice(0, MAX_FUNCTION_NAME).replace(/_+$/, '');
}
