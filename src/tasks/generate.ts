import type { JsonObject, JsonValue } from '../core/json.js';
import { rngStream, type Rng, type Seed } from '../core/rng.js';
import type { ToolRegistry } from '../tools/registry.js';
import { isToolError } from '../tools/tool.js';
import { checkArguments } from '../actions/arguments.js';
import { answerText, CompareRuleSchema, normalizeText, type CompareRule } from './compare.js';
import type { QueryInstance, SolutionCall } from './instance.js';
import { resolveArg } from './refs.js';
import type { CompiledSplit } from './split.js';
import { fillText, stepName, type AnswerScope, type TaskTemplate } from './template.js';
import { BALANCE_ATTEMPTS, balancePlan, PROBE_DRAWS, type BalancePlan } from './balance.js';
import { standIns } from './realise.js';
import { buildConversation, openedWith, type PathRun } from './conversation-instance.js';
import type { Conversation } from './instance.js';

/** What instance generation needs of an environment. */
export interface Sandbox<W = any, S = any> {
  readonly envId: string;
  readonly registry: ToolRegistry;
  readonly world: W;
  readonly createState: (world: W) => S;
  readonly finishTool: string;
  /** The seed the world was built from, recorded on each instance so a replay finds its world. */
  readonly worldSeed?: Seed;
}

const MAX_ATTEMPTS = 160;

const compareRules = new WeakMap<TaskTemplate, CompareRule>();

/** A template's comparison rule with its defaults filled, parsed once per template. */
function compareRuleOf(template: TaskTemplate): CompareRule {
  let rule = compareRules.get(template);
  if (!rule) {
    rule = CompareRuleSchema.parse(template.compare);
    compareRules.set(template, rule);
  }
  return rule;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Runs a tool exactly as an episode would, for generation; throws on a template bug. */
function runStep(sandbox: Sandbox, template: TaskTemplate, call: SolutionCall, state: unknown, seed: Seed, step: number): { ok: true; output: JsonValue } | { ok: false; why: string } {
  const entry = sandbox.registry.get(call.tool);
  if (!entry) throw new TemplateError(`template ${template.id}: unknown tool ${call.tool}`);
  const checked = checkArguments(entry, call.arguments);
  if (!checked.ok) return { ok: false, why: `${call.tool}: ${checked.message}` };
  const rng = rngStream(seed, 'call', String(step), '0');
  const result = entry.tool.handler(checked.value, { world: sandbox.world, state, rng });
  if (isToolError(result)) return { ok: false, why: `${call.tool}: ${result.message}` };
  return { ok: true, output: result };
}

/**
 * Makes the instance of `template` for `seed` in `split`: samples placeholders, executes the
 * solution path in a fresh sandbox state to compute the ground truth, fills the text, and chooses
 * the tools offered. Pure: the same (world, template, seed, split) always gives the same instance.
 * Draws that the path or `accept` rejects are redrawn from the next attempt's stream.
 */
export function generateInstance<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>, seed: Seed, split: CompiledSplit): QueryInstance {
  const plan = balancePlanOf(sandbox, template);
  const reasons: string[] = [];
  // The valid draw with the rarest answer so far: what balance settles for when no draw passes its coin.
  let rarest: { drawn: Drawn<W, S>; rng: Rng; acceptance: number } | null = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt === BALANCE_ATTEMPTS && rarest) return finishInstance(sandbox, template, seed, split, rarest.rng, rarest.drawn);
    // One stream per (template, seed, attempt), read in a fixed order (placeholders, text, offer):
    // keyed by the template id, so no other template's instances move when this one changes.
    const rng = rngStream(seed, 'instance', template.id, String(attempt));
    const drawn = drawAnswer(sandbox, template, seed, rng);
    if ('why' in drawn) {
      if (reasons.length < 3) reasons.push(drawn.why);
      continue;
    }
    if (attempt < BALANCE_ATTEMPTS) {
      const acceptance = plan.acceptance.get(answerKey(template, drawn)) ?? 1;
      if (acceptance < 1 && rngStream(seed, 'balance', template.id, String(attempt)).next() >= acceptance) {
        if (!rarest || acceptance > rarest.acceptance) rarest = { drawn, rng, acceptance };
        continue;
      }
    }
    return finishInstance(sandbox, template, seed, split, rng, drawn);
  }
  throw new TemplateError(`template ${template.id}: no valid instance for seed ${String(seed)} after ${MAX_ATTEMPTS} draws (${reasons.join('; ')})`);
}

interface Drawn<W, S> {
  readonly values: Record<string, JsonValue>;
  readonly calls: SolutionCall[];
  readonly scope: AnswerScope<W, S>;
  readonly answer: JsonValue;
  readonly conversation?: Conversation;
}

const answerKey = (template: TaskTemplate, drawn: Drawn<unknown, unknown>): string =>
  template.answerClass ? template.answerClass({ values: drawn.values, answer: drawn.answer }) : answerText(drawn.answer);

const plans = new WeakMap<TaskTemplate, WeakMap<object, BalancePlan>>();

/** The template's balance plan over this world, from its raw answers on fixed probe seeds (computed once). */
function balancePlanOf<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>): BalancePlan {
  const world = sandbox.world as object;
  let byWorld = plans.get(template);
  if (!byWorld) plans.set(template, (byWorld = new WeakMap()));
  let plan = byWorld.get(world);
  if (!plan) {
    const counts = new Map<string, number>();
    let attempts = 0;
    let valid = 0;
    for (let i = 0; i < PROBE_DRAWS; i++) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        attempts++;
        const drawn = drawAnswer(sandbox, template, `balance-probe-${i}`, rngStream(`balance-probe-${i}`, 'instance', template.id, String(attempt)));
        if ('why' in drawn) continue;
        valid++;
        const key = answerKey(template, drawn);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        break;
      }
    }
    plan = balancePlan(counts, attempts === 0 ? 1 : valid / attempts);
    byWorld.set(world, plan);
  }
  return plan;
}

/** Runs the whole solution path with these values in a fresh state: its calls and outputs, or why it fails. */
function runPath<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>, seed: Seed, values: Readonly<Record<string, JsonValue>>): PathRun<W, S> | { why: string } {
  const state = sandbox.createState(sandbox.world);
  const outputs: Record<string, JsonValue> = {};
  const calls: SolutionCall[] = [];
  for (let i = 0; i < template.path.length; i++) {
    const step = template.path[i]!;
    const args: Record<string, JsonValue> = {};
    for (const [arg, source] of Object.entries(step.args)) {
      const value = resolveArg(source, { values, outputs });
      if (value !== undefined) args[arg] = value;
    }
    const call: SolutionCall = { tool: step.tool, arguments: args };
    const ran = runStep(sandbox, template, call, state, seed, i + 1);
    if (!ran.ok) return { why: ran.why };
    outputs[stepName(step, i)] = ran.output;
    calls.push(call);
  }
  return { calls, scope: { values, outputs, world: sandbox.world, state } };
}

/** Samples the placeholders and runs the solution path: the answer of one draw, or why the draw is rejected. */
function drawAnswer<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>, seed: Seed, rng: Rng): Drawn<W, S> | { why: string } {
  const values: Record<string, JsonValue> = {};
  for (const [name, placeholder] of Object.entries(template.placeholders)) {
    const value = placeholder.sample({ world: sandbox.world, rng, values });
    const checked = placeholder.schema.safeParse(value);
    if (!checked.success) throw new TemplateError(`template ${template.id}: placeholder ${name} sampled ${JSON.stringify(value)}, which fails its schema: ${checked.error.issues[0]?.message}`);
    values[name] = value;
  }
  const run = runPath(sandbox, template, seed, values);
  if ('why' in run) return run;
  const { calls, scope } = run;
  const answer = template.answer(scope);
  if (answer === undefined) throw new TemplateError(`template ${template.id}: answer() returned undefined`);
  const accepted = template.accept ? template.accept(scope) : true;
  if (accepted !== true) return { why: typeof accepted === 'string' ? accepted : 'rejected by accept()' };
  if (template.conversation) {
    const conversation = buildConversation(template, run, rng.child('conversation'), (changed) => runPath(sandbox, template, seed, changed), sandbox.world);
    if ('why' in conversation) return conversation;
    return { values, calls, scope, answer, conversation };
  }
  return { values, calls, scope, answer };
}

/** The rest of the instance from the same stream: text, offered tools, params, context, rivals. */
function finishInstance<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>, seed: Seed, split: CompiledSplit, rng: Rng, drawn: Drawn<W, S>): QueryInstance {
  const { values, calls, scope, answer, conversation } = drawn;
  const texts = [template.text, ...(template.paraphrases ?? [])];
  const query = fillText(rng.pick(texts), template, values);
  const tools = chooseTools(sandbox, template, split, rng);
  const params: JsonObject = template.params ? template.params(scope) : {};
  const context: JsonObject = template.context ? template.context(scope) : {};
  const rivals = template.rivals ? rivalTexts(template.rivals({ ...scope, params }), answer) : undefined;
  return {
    id: `${sandbox.envId}/${split.name}/${template.id}/${String(seed)}`,
    env: sandbox.envId,
    template: template.id,
    split: split.name,
    seed,
    ...(sandbox.worldSeed !== undefined ? { worldSeed: sandbox.worldSeed } : {}),
    query,
    values,
    tools,
    solution: { calls: conversation ? conversation.intents.flatMap((intent) => intent.calls) : calls, answer: answerText(answer) },
    groundTruth: answer,
    compare: compareRuleOf(template),
    params,
    context,
    ...(rivals ? { rivals } : {}),
    ...(conversation ? { conversation: openedWith(conversation, query) } : {}),
  };
}

/** The rivals as answer texts, without duplicates and without any that equal a ground-truth item. */
function rivalTexts(values: readonly JsonValue[], truth: JsonValue): string[] {
  const truthKeys = new Set((Array.isArray(truth) ? truth : [truth]).map((v) => normalizeText(answerText(v))));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const text = answerText(value);
    const key = normalizeText(text);
    if (key === '' || truthKeys.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
  }
  return out;
}

/**
 * The tools offered: for each path step a provider allowed by the split (often not the canonical
 * one), the template's extra tools, seeded distractors, then the terminal tool last.
 */
export function chooseTools(sandbox: Sandbox, template: TaskTemplate, split: CompiledSplit, rng: Rng): string[] {
  const chosen = new Set<string>();
  const alternates = template.offer?.alternates ?? 0.5;
  for (const step of template.path) {
    if (chosen.has(step.tool)) continue;
    const entry = sandbox.registry.get(step.tool)!;
    const providers = standIns(sandbox.registry, entry.tool).filter((p) => split.tools.has(p.name));
    const others = providers.filter((p) => p.name !== step.tool);
    const canonicalAllowed = split.tools.has(step.tool);
    const useAlternate = others.length > 0 && (!canonicalAllowed || rng.chance(alternates));
    const pick = useAlternate ? rng.pick(others).name : step.tool;
    chosen.add(pick);
    if (providers.length > 1 && rng.chance(0.25)) chosen.add(rng.pick(providers).name);
  }
  for (const extra of template.offer?.extra ?? []) if (split.tools.has(extra)) chosen.add(extra);
  const wanted = template.offer?.distractors ?? 2;
  if (wanted > 0) {
    const pool = split.distractorPool.filter((name) => !chosen.has(name));
    for (const name of rng.sample(pool, wanted)) chosen.add(name);
  }
  const ordered = rng.shuffle([...chosen]);
  ordered.push(sandbox.finishTool);
  return ordered;
}
