import type { Environment } from '../../src/core/environment.js';
import type { PlanOptions } from './episodes.js';
import { crmMonthlyTrendBySoql } from './scripted-plans.js';

/** Which family of targets an environment is held to. */
export type Family = 'toolbench' | 'crmarena' | 'baseline';

/** How the step benchmark plays one action format of an environment. */
export interface StepPlan {
  readonly options: PlanOptions;
  /** Shown next to the figure when the plan is not the oracle's on the default split. */
  readonly note?: string;
  /** Whether the family's step target applies to this format's figure. */
  readonly targeted: boolean;
}

/** An environment under benchmark. */
export interface Subject {
  readonly family: Family;
  readonly environment: Environment;
  readonly stepPlan: (format: string) => StepPlan;
}

interface Source {
  readonly family: Family;
  readonly id: string;
  readonly load: () => Promise<Environment | undefined>;
  readonly stepPlan?: (format: string) => StepPlan;
}

const oracle: StepPlan = { options: {}, targeted: true };

function crmStepPlan(format: string): StepPlan {
  if (format === 'react-tags') {
    return {
      options: { reset: { split: 'explore-flex', template: 'MTA' }, plan: crmMonthlyTrendBySoql },
      note: 'MTA by one SOQL aggregate, then respond',
      targeted: false,
    };
  }
  return { options: { keep: (tools) => !tools.some(isQueryTool) }, targeted: true };
}

/**
 * The environments, each imported on its own so one that is missing or broken (still being
 * written) is reported as skipped instead of stopping the run.
 */
const SOURCES: readonly Source[] = [
  { family: 'baseline', id: 'KeyValue-v0', load: async () => (await import('../../test/fixtures/kv-env.js')).kvEnvironment },
  { family: 'toolbench', id: 'ToolBench-v0', load: async () => (await import('../../envs/toolbench/index.js')).toolbenchEnvironment },
  { family: 'crmarena', id: 'CRMArena-v0', load: async () => (await import('../../envs/crmarena/index.js')).crmarenaEnvironment, stepPlan: crmStepPlan },
];

export interface LoadedSubjects {
  readonly subjects: readonly Subject[];
  readonly missing: readonly string[];
}

let loaded: Promise<LoadedSubjects> | null = null;

export function loadSubjects(): Promise<LoadedSubjects> {
  loaded ??= (async () => {
    const subjects: Subject[] = [];
    const missing: string[] = [];
    for (const source of SOURCES) {
      try {
        const environment = await source.load();
        if (environment === undefined) missing.push(`${source.id}: its module does not export the environment yet`);
        else subjects.push({ family: source.family, environment, stepPlan: source.stepPlan ?? (() => oracle) });
      } catch (error) {
        missing.push(`${source.id}: not loadable (${String((error as Error)?.message ?? error).split('\n')[0]})`);
      }
    }
    return { subjects, missing };
  })();
  return loaded;
}

/** Tools that run free-form queries; the CRMArena step target is for the other tools. */
export function isQueryTool(name: string): boolean {
  return /soql|sosl/i.test(name);
}
