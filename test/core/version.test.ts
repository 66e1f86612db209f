import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.js';

describe('VERSION', () => {
  it('equals the version in package.json and python/pyproject.toml', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    const pyproject = readFileSync(new URL('../../python/pyproject.toml', import.meta.url), 'utf8');
    expect(pyproject).toMatch(new RegExp(`^version = "${VERSION.replaceAll('.', '\\.')}"$`, 'm'));
    const pyServer = readFileSync(new URL('../../python/src/lamsim/server.py', import.meta.url), 'utf8');
    expect(pyServer).toMatch(new RegExp(`^__version__ = "${VERSION.replaceAll('.', '\\.')}"$`, 'm'));
  });
});
