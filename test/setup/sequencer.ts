/**
 * Longest files first: with one worker per core (2 in CI), a long file started last leaves one core
 * idle while it finishes. Vitest orders by its cache of earlier runs' durations, which a clean clone
 * lacks, so the files that took longest in CI start first, in the order of their seconds here (from a
 * clean-clone `.ci/run`; refresh when the order drifts). Every other file follows in vitest's order.
 * The order changes nothing a test asserts: each file runs in its own process.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { relative } from 'node:path';

/** Seconds in a clean-clone CI run (round 9, 665aa03, beside one other worker), files over 3 s. */
const SLOW_FILES = new Map<string, number>([
  ['test/python/python.test.ts', 245],
  ['test/benchmarks/smoke.test.ts', 132],
  ['test/cli/failed-writes.test.ts', 81],
  ['test/data/chat-templates.test.ts', 54],
  ['test/readme/recipe.test.ts', 41],
  ['test/queue/distributed.test.ts', 30],
  ['test/server/workers.test.ts', 29],
  ['test/crmarena/case-list-text.test.ts', 26],
  ['test/toolbench/oracle.test.ts', 22],
  ['test/graders/answer-balance.test.ts', 21],
  ['test/held-out-worlds.test.ts', 20],
  ['test/server/serve-cli.test.ts', 19],
  ['test/toolbench/splits.test.ts', 18],
  ['test/viewer/viewer-browser.test.ts', 17],
  ['test/rollout/multi-turn.test.ts', 16],
  ['test/data/export-options.test.ts', 15],
  ['test/rollout/cli-pipeline.test.ts', 15],
  ['test/queue/redis-restart.test.ts', 13],
  ['test/cli/interrupt.test.ts', 13],
  ['test/mcp/stdio.test.ts', 13],
  ['test/core/trusted-instances.test.ts', 12],
  ['test/mcp/http.test.ts', 12],
  ['test/mcp/python-client.test.ts', 11],
  ['test/crmarena/oracle.test.ts', 11],
  ['test/audit-multi-turn.test.ts', 10],
  ['test/rollout/resume.test.ts', 10],
  ['test/data/xlam-rows.test.ts', 10],
  ['test/crmarena/environment.test.ts', 9],
  ['test/data/exporters.test.ts', 8],
  ['test/toolbench/tools.test.ts', 8],
  ['test/crmarena/recalled-records.test.ts', 8],
  ['test/core/step-adversarial.test.ts', 7],
  ['test/server/transcript.test.ts', 7],
  ['test/crmarena/tool-input.test.ts', 7],
  ['test/rollout/record-hash.test.ts', 7],
  ['test/server/isolation.test.ts', 7],
  ['test/server/worlds.test.ts', 6],
  ['test/server/fast-paths.test.ts', 6],
  ['test/graders/exploits.test.ts', 6],
  ['test/crmarena/multi-turn.test.ts', 6],
  ['test/server/connections.test.ts', 6],
  ['test/toolbench/templates.test.ts', 6],
  ['test/crmarena/react-tags.test.ts', 5],
  ['test/rollout/http-fetch.test.ts', 5],
  ['test/toolbench/prompts.test.ts', 4],
  ['test/users/multi-turn-data.test.ts', 4],
  ['test/rollout/paper-loop.test.ts', 4],
  ['test/toolbench/tool-input.test.ts', 4],
  ['test/actions/react-line-labels.test.ts', 4],
  ['test/crmarena/query-shortcuts.test.ts', 4],
  ['test/users/multi-turn.test.ts', 3],
  ['test/toolbench/text-match.test.ts', 3],
]);

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const seconds = (spec: TestSpecification): number => SLOW_FILES.get(relative(spec.project.config.root, spec.moduleId).replaceAll('\\', '/')) ?? 0;
    return base.map((spec, index) => ({ spec, index, seconds: seconds(spec) })).sort((a, b) => b.seconds - a.seconds || a.index - b.index).map(({ spec }) => spec);
  }
}
