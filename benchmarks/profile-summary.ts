/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, and the
 * files they live in. Usage: npx tsx benchmarks/profile-summary.ts FILE.cpuprofile [--top N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  const at = url.indexOf('/work/main/');
  const rel = at === -1 ? url : url.slice(at + '/work/main/'.length);
  return rel.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'node_modules/');
}

export function summarise(profile: CpuProfile, top: number): string {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byNode.get(id)!.callFrame;
    const file = shortUrl(frame.url) || '(native)';
    const key = `${frame.functionName || '(anonymous)'}  ${file}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`)
      .join('\n');
  return `total ${(total / 1000).toFixed(0)} ms sampled\n\nself time by function:\n${rows(byFunction)}\n\nself time by file:\n${rows(byFile)}\n`;
}

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: npx tsx benchmarks/profile-summary.ts FILE.cpuprofile [--top N]\n');
  process.exitCode = 2;
} else {
  const topAt = rest.indexOf('--top');
  const top = topAt === -1 ? 30 : Number(rest[topAt + 1]);
  process.stdout.write(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top));
}
