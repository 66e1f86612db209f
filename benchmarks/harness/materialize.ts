/**
 * Reads every own enumerable property of a world, so a world whose sections are built on first
 * read (ToolBench's) is built in full. A plain world is unaffected.
 */
export function materialize(world: unknown): number {
  if (typeof world !== 'object' || world === null) return 0;
  let sections = 0;
  for (const key of Object.keys(world)) {
    if ((world as Record<string, unknown>)[key] !== undefined) sections++;
  }
  return sections;
}
