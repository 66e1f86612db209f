import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ToolEnv } from '../../src/core/tool-env.js';
import type { Environment } from '../../src/core/environment.js';
import { crmarenaEnvironment } from '../../envs/crmarena/index.js';
import { toolbenchEnvironment } from '../../envs/toolbench/index.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { playDigest, type PlayDigest } from './play-digest.js';

/**
 * Behaviour pinned byte for byte: every reset and step result and render of oracle and spoiled
 * episodes in every split and format, digested. Speed work must leave these unchanged; a change
 * of behaviour on purpose updates them with LAMSIM_UPDATE_DIGESTS=1 and says so in its commit.
 * (A shared view's builder is checked against fresh views by its own tests, but a mistake inside a
 * builder shows on both sides: only a pinned digest catches it.)
 */
const FILE = fileURLToPath(new URL('./digests.json', import.meta.url));
const SUBJECTS: readonly (readonly [Environment, number])[] = [
  [kvEnvironment, 40],
  [toolbenchEnvironment, 40],
  [crmarenaEnvironment, 8],
];

function playAll(): Record<string, PlayDigest> {
  const out: Record<string, PlayDigest> = {};
  for (const [environment, seeds] of SUBJECTS) {
    const spec = new ToolEnv(environment).spec;
    for (const split of spec.splits) {
      for (const format of spec.actionFormats) out[`${environment.id} ${split} ${format}`] = playDigest(environment, split, format, seeds);
    }
  }
  return out;
}

describe('behaviour digests', () => {
  it('every env, split and format gives the pinned results', () => {
    const now = playAll();
    if (process.env['LAMSIM_UPDATE_DIGESTS'] === '1') writeFileSync(FILE, `${JSON.stringify(now, null, 1)}\n`);
    const pinned = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, PlayDigest>;
    const changed = Object.keys({ ...pinned, ...now }).filter((key) => JSON.stringify(pinned[key]) !== JSON.stringify(now[key]));
    expect(changed, `behaviour changed in ${changed.length} rows (if on purpose: LAMSIM_UPDATE_DIGESTS=1 npx vitest run test/behaviour)`).toEqual([]);
    for (const row of Object.values(now)) expect(row.steps).toBeGreaterThan(0);
  });
});
