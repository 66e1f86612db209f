import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEnvironments } from '../../envs/index.js';
import { renderEpisodeHtml } from '../../src/core/render.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { episodeView } from '../../src/data/episode-view.js';
import { rawAction, type TrajectoryRecord } from '../../src/rollout/record.js';
import { statsPage } from '../../src/rollout/stats-page.js';
import { StatsAccumulator } from '../../src/rollout/stats.js';
import { collectFile } from '../fixtures/collected.js';
import { HeadlessBrowser, type Page } from '../fixtures/headless-browser.js';
import { tempDir } from '../fixtures/memory-io.js';

/** Screenshots land here (gitignored) for people to look at. */
const ARTIFACTS = join(process.cwd(), 'artifacts', 'viewer');
const RED = 'rgb(221, 51, 51)';
const GREEN = 'rgb(46, 158, 79)';

let browser: HeadlessBrowser;
let records: TrajectoryRecord[];
let dir: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir();
  const targets = builtinEnvironments.map((environment) => ({ environment, split: environment.definition.defaultSplit }));
  records = [...(await collectFile(dir, 'a.jsonl', { targets, seed: 13, samplesPerStep: 3, episodes: 20 })).records, ...(await collectFile(dir, 'b.jsonl', { targets, seed: 19, samplesPerStep: 1, episodes: 20, actionFormat: 'react' })).records];
  browser = await HeadlessBrowser.launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

async function show(name: string, html: string): Promise<Page> {
  const path = join(dir, `${name}.html`);
  writeFileSync(path, html);
  const page = await browser.open(pathToFileURL(path).href);
  writeFileSync(join(ARTIFACTS, `${name}.png`), await page.screenshot());
  return page;
}

interface Structure {
  steps: { num: string; state: string; badge: string | null; badgeColour: string | null; error: string | null; reward: string | null; running: string | null; candidates: { role: string; colour: string }[] }[];
  final: { cls: string; colour: string; text: string } | null;
  systemCollapsed: boolean;
  resources: number;
  scripts: number;
}

const STRUCTURE = `(() => {
  const colour = (el) => el ? getComputedStyle(el).backgroundColor : null;
  const steps = [...document.querySelectorAll('section.step')].map((s) => ({
    num: s.querySelector('.num').textContent,
    state: s.classList.contains('pass') ? 'pass' : s.classList.contains('fail') ? 'fail' : 'unknown',
    badge: s.querySelector('h2 .badge')?.textContent ?? null,
    badgeColour: colour(s.querySelector('h2 .badge')),
    error: s.querySelector('h2 .error')?.textContent ?? null,
    reward: s.querySelector('h2 .reward')?.textContent ?? null,
    running: s.querySelector('h2 .return')?.textContent ?? null,
    candidates: [...s.querySelectorAll('li.candidate')].map((c) => ({ role: c.classList.contains('chosen') ? 'chosen' : c.classList.contains('rejected') ? 'rejected' : 'passed', colour: colour(c.querySelector('.badge')) })),
  }));
  const f = document.querySelector('.final');
  const sys = document.querySelector('.msg.system details');
  return {
    steps,
    final: f ? { cls: f.className, colour: getComputedStyle(f).borderTopColor, text: f.textContent } : null,
    systemCollapsed: !!sys && !sys.open && !sys.querySelector('pre').checkVisibility(),
    resources: performance.getEntriesByType('resource').length,
    scripts: document.scripts.length,
  };
})()`;

describe('the HTML viewer in a real browser (chromium, headless)', () => {
  it('shows numbered steps, verdict badges with errors, rewards and the running return, candidates and the answer against the ground truth', async () => {
    const withErrors = records.find((r) => !r.passed && r.steps.some((s) => !s.ok) && r.steps.some((s) => s.candidates?.some((c) => !c.passed)))
      ?? records.find((r) => !r.passed && r.steps.some((s) => !s.ok))!;
    const solved = records.find((r) => r.passed && r.steps.some((s) => !s.ok))!;
    expect(withErrors).toBeDefined();
    expect(solved).toBeDefined();
    for (const [name, record] of [['failed-episode', withErrors], ['solved-episode', solved]] as const) {
      const page = await show(name, renderEpisodeHtml(episodeView(record)));
      const seen = await page.evaluate<Structure>(STRUCTURE);
      expect(seen.steps.map((s) => s.num)).toEqual(record.steps.map((_, i) => `Step ${i + 1}`));
      let running = 0;
      record.steps.forEach((step, i) => {
        const s = seen.steps[i]!;
        running += step.reward;
        expect(s.state).toBe(step.ok ? 'pass' : 'fail');
        expect(s.badge).toBe(step.ok ? 'ok' : step.errorClass);
        expect(s.badgeColour).toBe(step.ok ? GREEN : RED);
        if (!step.ok) expect(s.error).toBe(step.message);
        expect(s.reward).toBe(`reward ${step.reward}`);
        expect(Number(s.running!.replace('return ', ''))).toBeCloseTo(running, 6);
        const candidates = step.candidates ?? [];
        expect(s.candidates.map((c) => c.role)).toEqual(candidates.map((c, k) => (k === step.chosen ? 'chosen' : c.passed ? 'passed' : 'rejected')));
        s.candidates.forEach((c, k) => expect(c.colour).toBe(candidates[k]!.passed ? GREEN : RED));
      });
      expect(seen.final!.cls).toBe(`final ${record.passed ? 'pass' : 'fail'}`);
      expect(seen.final!.colour).toBe(record.passed ? GREEN : RED);
      expect(seen.final!.text).toContain(record.instance.solution.answer);
      expect(seen.systemCollapsed).toBe(true);
      expect(seen.resources).toBe(0);
      expect(seen.scripts).toBe(0);
    }
  }, 120_000);

  it('the env render (the server render?mode=html) shows the same structure, and hostile text stays text', async () => {
    const record = records.find((r) => r.steps.some((s) => !s.ok) && r.outcome.status === 'answered')!;
    const env = new ToolEnv(builtinEnvironments.find((e) => e.id === record.env.id)!, { actionFormat: record.acceptedFormats });
    env.reset({ seed: record.seed, options: { split: record.split } });
    env.step('<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>');
    for (const step of record.steps) if (!env.render('json').includes('"terminated":true')) env.step(rawAction(step));
    const page = await show('env-render', env.render('html'));
    const seen = await page.evaluate<Structure>(STRUCTURE);
    expect(seen.steps.length).toBeGreaterThan(1);
    expect(seen.steps[0]!.state).toBe('fail');
    expect(seen.steps[0]!.badgeColour).toBe(RED);
    expect(seen.steps.every((s) => s.reward !== null)).toBe(true);
    expect(seen.final).not.toBeNull();
    expect(await page.evaluate<string>('document.title')).not.toBe('pwned');
    expect(await page.evaluate<number>('document.querySelectorAll("img").length')).toBe(0);
    expect(await page.evaluate<string>('document.body.textContent')).toContain('<script>document.title="pwned"</script>');
  }, 60_000);

  it('stats --html charts pass rates per template and failed actions by error class', async () => {
    const stats = new StatsAccumulator();
    for (const record of records) stats.add(record);
    const report = stats.report();
    const page = await show('stats', statsPage(report, 'lamsim stats'));
    const charts = await page.evaluate<{ captions: string[]; bars: Record<string, number>; width: number }>(`(() => {
      const bars = {};
      for (const r of document.querySelectorAll('rect.bar')) bars[r.dataset.series] = (bars[r.dataset.series] ?? 0) + 1;
      return { captions: [...document.querySelectorAll('figcaption')].map((c) => c.textContent), bars, width: document.querySelector('svg').getBoundingClientRect().width };
    })()`);
    const templates = report.rows.filter((r) => r.level === 'template').length;
    expect(charts.captions).toEqual(['Pass rate per template', 'Failed actions by error class']);
    expect(charts.bars['task pass']).toBe(templates);
    expect(charts.bars['action pass']).toBe(templates);
    expect(charts.bars['arguments']).toBe(1 + report.rows.filter((r) => r.level === 'env').length);
    expect(charts.width).toBeGreaterThan(300);
  }, 60_000);
});
