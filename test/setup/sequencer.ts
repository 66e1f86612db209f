/**
 * Longest files first: with one worker per core (2 in CI), a long file started last leaves one core
 * idle while it finishes. Vitest orders by its cache of earlier runs' durations, which a clean clone
 * lacks, so the files that took longest in CI start first, in the order of their seconds here (from a
 * clean-clone `.ci/run`; refresh when the order drifts). Every other file follows in vitest's order.
 * The order changes nothing a test asserts: each file runs in its own process.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { relative } from 'node:path';

/** Seconds in the last clean-clone CI run, files over 3 s. */
const SLOW_FILES = new Map<string, number>([
  ['test/python/python.test.ts', 94],
  ['test/benchmarks/smoke.test.ts', 59],
  ['test/cli/failed-writes.test.ts', 47],
  ['test/readme/recipe.test.ts', 34],
  ['test/queue/distributed.test.ts', 24],
  ['test/data/chat-templates.test.ts', 23],
  ['test/server/workers.test.ts', 18],
  ['test/crmarena/case-list-text.test.ts', 18],
  ['test/cli/interrupt.test.ts', 16],
  ['test/mcp/stdio.test.ts', 14],
  ['test/held-out-worlds.test.ts', 13],
  ['test/graders/answer-balance.test.ts', 13],
  ['test/queue/redis-restart.test.ts', 12],
  ['test/rollout/cli-pipeline.test.ts', 11],
  ['test/toolbench/oracle.test.ts', 10],
  ['test/data/export-options.test.ts', 10],
  ['test/viewer/viewer-browser.test.ts', 9],
  ['test/rollout/multi-turn.test.ts', 9],
  ['test/toolbench/splits.test.ts', 8],
  ['test/server/serve-cli.test.ts', 8],
  ['test/mcp/python-client.test.ts', 7],
  ['test/mcp/http.test.ts', 7],
  ['test/data/xlam-rows.test.ts', 7],
  ['test/core/trusted-instances.test.ts', 7],
  ['test/server/worlds.test.ts', 6],
  ['test/server/transcript.test.ts', 6],
  ['test/server/connections.test.ts', 6],
  ['test/rollout/resume.test.ts', 6],
  ['test/crmarena/oracle.test.ts', 6],
  ['test/audit-multi-turn.test.ts', 6],
  ['test/rollout/record-hash.test.ts', 5],
  ['test/crmarena/environment.test.ts', 5],
  ['test/toolbench/tools.test.ts', 4],
  ['test/server/isolation.test.ts', 4],
  ['test/server/fast-paths.test.ts', 4],
  ['test/graders/exploits.test.ts', 4],
  ['test/data/exporters.test.ts', 4],
  ['test/crmarena/tool-input.test.ts', 4],
  ['test/core/step-adversarial.test.ts', 4],
  ['test/toolbench/text-match.test.ts', 3],
  ['test/toolbench/templates.test.ts', 3],
  ['test/rollout/request-json.test.ts', 3],
  ['test/crmarena/recalled-records.test.ts', 3],
]);

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const seconds = (spec: TestSpecification): number => SLOW_FILES.get(relative(spec.project.config.root, spec.moduleId).replaceAll('\\', '/')) ?? 0;
    return base.map((spec, index) => ({ spec, index, seconds: seconds(spec) })).sort((a, b) => b.seconds - a.seconds || a.index - b.index).map(({ spec }) => spec);
  }
}
