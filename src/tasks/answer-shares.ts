import type { Environment } from '../core/environment.js';
import { TemplateError } from './generate.js';

/** How concentrated one template's answers are over a run of seeds. */
export interface AnswerShare {
  readonly template: string;
  readonly split: string;
  readonly instances: number;
  /** Distinct answers seen. */
  readonly distinct: number;
  /** The most common answer and the share of instances that have it (0..1). */
  readonly top: string;
  readonly share: number;
  /** Share of the most common answer class when the template declares classes (e.g. "first title"), else null. */
  readonly classShare: number | null;
  readonly topClass: string | null;
}

export interface AnswerShareOptions {
  readonly seeds: number;
  /** Seeds start here (default 0). */
  readonly firstSeed?: number;
  /** The world to draw from (default: each seed's world from its split's pool, as `reset` draws). */
  readonly world?: unknown;
  /** Which splits to measure (default: all); each template is measured in every split that draws it. */
  readonly splits?: readonly string[];
  readonly templates?: readonly string[];
  /** Called after each template, for progress. */
  readonly onTemplate?: (share: AnswerShare) => void;
}

/** Per (split, template): the share of the most common answer over `seeds` generated instances. */
export function answerShares(environment: Environment, options: AnswerShareOptions): AnswerShare[] {
  const out: AnswerShare[] = [];
  const world = options.world;
  for (const splitName of options.splits ?? [...environment.splits.keys()]) {
    const split = environment.split(splitName);
    for (const templateId of split.templates.map((t) => t.id)) {
      if (options.templates && !options.templates.includes(templateId)) continue;
      const template = environment.templates.get(templateId)!;
      const answers = new Map<string, number>();
      const classes = new Map<string, number>();
      let made = 0;
      for (let i = 0; i < options.seeds; i++) {
        const seed = (options.firstSeed ?? 0) + i;
        let instance;
        try {
          instance = environment.generate({ template: templateId, seed, split: splitName, ...(world !== undefined ? { world } : {}) });
        } catch (error) {
          if (error instanceof TemplateError) continue;
          throw error;
        }
        made++;
        const answer = instance.solution.answer;
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
        const cls = template.answerClass?.({ values: instance.values, answer: instance.groundTruth ?? null });
        if (cls !== undefined) classes.set(cls, (classes.get(cls) ?? 0) + 1);
      }
      const [top, count] = mostCommon(answers);
      const [topClass, classCount] = mostCommon(classes);
      const share: AnswerShare = {
        template: templateId,
        split: splitName,
        instances: made,
        distinct: answers.size,
        top,
        share: made === 0 ? 0 : count / made,
        classShare: classes.size === 0 || made === 0 ? null : classCount / made,
        topClass: classes.size === 0 ? null : topClass,
      };
      options.onTemplate?.(share);
      out.push(share);
    }
  }
  return out;
}

function mostCommon(counts: ReadonlyMap<string, number>): [string, number] {
  let best: [string, number] = ['', 0];
  for (const [key, n] of counts) if (n > best[1] || (n === best[1] && key < best[0])) best = [key, n];
  return best;
}
