import type { Environment } from '../../src/core/environment.js';

/** Which family of targets an environment is held to. */
export type Family = 'toolbench' | 'crmarena' | 'baseline';

/** An environment under benchmark. */
export interface Subject {
  readonly family: Family;
  readonly environment: Environment;
}

interface Source {
  readonly family: Family;
  readonly id: string;
  readonly load: () => Promise<Environment | undefined>;
}

/**
 * The environments, each imported on its own so one that is missing or broken (still being
 * written) is reported as skipped instead of stopping the run.
 */
const SOURCES: readonly Source[] = [
  { family: 'baseline', id: 'KeyValue-v0', load: async () => (await import('../../test/fixtures/kv-env.js')).kvEnvironment },
  { family: 'toolbench', id: 'ToolBench-v0', load: async () => (await import('../../envs/toolbench/index.js' as string)).toolbenchEnvironment },
  { family: 'crmarena', id: 'CRMArena-v0', load: async () => (await import('../../envs/crmarena/index.js' as string)).crmarenaEnvironment },
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
        else subjects.push({ family: source.family, environment });
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
