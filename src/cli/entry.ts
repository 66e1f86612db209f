import { realpathSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether this process was started as the `lamsim` command itself (not a program calling `main`
 * in-process): only then can `serve --workers` fork copies of it.
 */
export function isCliProcess(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  const here = fileURLToPath(import.meta.url);
  try {
    return realpathSync(entry) === realpathSync(here.slice(0, -extname(here).length - 'entry'.length) + `main${extname(here)}`);
  } catch {
    return false;
  }
}
