import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the stepping example exactly as test/readme/example.ts, which runs', async () => {
    const source = readFileSync('test/readme/example.ts', 'utf8');
    const block = /<!-- example:start -->\n```ts\n([\s\S]*?)```\n<!-- example:end -->/.exec(readme);
    expect(block, 'README example block').not.toBeNull();
    expect(block![1]).toBe(source);
    expect(source.trim().split('\n').length).toBeLessThanOrEqual(20);
    const lines: unknown[][] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args));
    await import('./example.js');
    expect(lines).toHaveLength(4);
    expect(typeof lines[0]![0]).toBe('string');
    expect(lines[1]![0]).toContain('Finish');
    expect(lines[2]![1]).toBe('arguments');
    expect(lines[3]![0]).toBe(true);
  });

  it('uses only commands and flags that exist in its shell examples', async () => {
    const { COMMANDS } = await import('../../src/cli/main.js');
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\\\n\s*/g, ' '));
    let checked = 0;
    for (const block of blocks) {
      for (const m of block.matchAll(/lamsim (?:--plugin \S+ )?([a-z]+)([^\n|&;]*)/g)) {
        const command = COMMANDS.find((c) => c.name === m[1]);
        expect(command, `README mentions lamsim ${m[1]}`).toBeDefined();
        const flags = [...m[2]!.matchAll(/(?:^|\s)(--[a-z-]+)/g)].map((f) => f[1]!);
        const known = `${command!.usage} ${command!.help ?? ''}`;
        for (const flag of flags) if (flag !== '--help') expect(known, `lamsim ${m[1]} ${flag}`).toContain(flag);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});
