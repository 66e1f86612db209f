import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEnvironments } from '../../envs/index.js';
import { stableJson } from '../../src/core/json.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { mcpRoute } from '../../src/mcp/http.js';
import { mcpTools } from '../../src/mcp/tools.js';
import { TrajectoryRecordSchema } from '../../src/rollout/record.js';
import { LamsimClient } from '../../src/server/client.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { tempDir } from '../fixtures/memory-io.js';
import { cliArgv } from '../setup/built-cli.js';
import { mistakes, playInProcess, solvingCalls, textOf, type McpCall } from './episodes.js';

/**
 * The official Python MCP client (test/mcp/requirements.txt) against lamsim. LAMSIM_PYTHON names a
 * Python that has it: CI's setup (.ci/setup.d/30-python.sh) installs it in a venv and exports it;
 * locally: python3 -m venv .venv-mcp && .venv-mcp/bin/pip install -r test/mcp/requirements.txt,
 * then LAMSIM_PYTHON=.venv-mcp/bin/python.
 */
const python = process.env['LAMSIM_PYTHON'];
const inCi = process.env['CI'] === 'true';
const script = resolve('test/mcp/mcp_client.py');

interface PythonReport {
  server: string;
  instructions: string;
  tools: unknown[];
  prompt: string[];
  results: { isError: boolean; text: string }[];
  after: string | null;
  wrongToken?: string | null;
}

function runPython(args: readonly string[], plan: { calls: McpCall[]; after: McpCall }): Promise<PythonReport> {
  return new Promise((done, fail) => {
    const child = execFile(python!, [script, ...args], { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${python} ${script} failed: ${error.message}\n${stderr}`));
      else done(JSON.parse(stdout) as PythonReport);
    });
    child.stdin!.end(JSON.stringify(plan));
  });
}

function expectedTools(environment: (typeof builtinEnvironments)[number], seed: number): unknown {
  const local = new ToolEnv(environment, { actionFormat: 'openai' });
  local.reset({ seed, options: { split: environment.definition.defaultSplit } });
  return JSON.parse(JSON.stringify(mcpTools(local.observation().tools)));
}

if (python === undefined && !inCi) {
  describe('the official Python MCP client', () => {
    it.skip('skipped: LAMSIM_PYTHON is not set (point it at a Python with test/mcp/requirements.txt installed; CI sets it)', () => {});
  });
} else {
  describe('the official Python MCP client', () => {
    let server: RunningServer;
    let lamsim: LamsimClient;
    beforeAll(async () => {
      server = await startServer({ port: 0, routes: (state) => [mcpRoute(state)] });
      lamsim = new LamsimClient(server.url);
    });
    afterAll(async () => {
      lamsim?.destroy();
      await server?.close();
    });

    it('lists and calls the tools over Streamable HTTP, plays to a rewarded end, and gets clear errors', async () => {
      if (python === undefined) throw new Error('CI=true but LAMSIM_PYTHON is not set: .ci/setup.d/30-python.sh must install test/mcp/requirements.txt and export LAMSIM_PYTHON');
      const environment = builtinEnvironments[0]!;
      const seed = 8;
      const split = environment.definition.defaultSplit;
      const solving = solvingCalls(environment, seed, split);
      const calls = [...mistakes(solving), ...solving];
      const { session, first } = await lamsim.createSession({ env: environment.id, seed, make: { actionFormat: 'openai' } });
      const report = await runPython(['http', `${server.url}/v1/sessions/${session.id}/mcp`, session.token], { calls, after: solving[0]! });
      expect(report.tools).toEqual(expectedTools(environment, seed));
      expect(report.prompt).toEqual([first.observation.messages[0]!.content, first.observation.messages[1]!.content]);
      const expected = await playInProcess(environment, seed, split, calls, 'unused');
      expect(report.results).toEqual(expected.results.map((r) => ({ isError: r.isError === true, text: textOf(r) })));
      expect(report.results.slice(0, 2).map((r) => r.isError)).toEqual([true, true]);
      expect(report.results[0]!.text).toContain('No such function name: \\"no_such_tool\\"');
      expect(report.results[1]!.text).toContain('Invalid arguments for');
      expect(report.after).toMatch(/episode is over/);
      expect(report.wrongToken).toMatch(/forbidden: the token does not belong to session/);
      const verdict = JSON.parse(await session.render('json')) as { answer: { correct: boolean }; tallies: { return: number } };
      expect(verdict.answer.correct).toBe(true);
      expect(stableJson(verdict.tallies.return)).toBe(stableJson(expected.steps.at(-1)!.info.tallies.return));
      await session.close();
    });

    it('plays `lamsim mcp` over stdio, and the record it writes is the one the same calls make in process', async () => {
      if (python === undefined) throw new Error('CI=true but LAMSIM_PYTHON is not set: .ci/setup.d/30-python.sh must install test/mcp/requirements.txt and export LAMSIM_PYTHON');
      const environment = builtinEnvironments[1]!;
      const seed = 4;
      const split = environment.definition.defaultSplit;
      const solving = solvingCalls(environment, seed, split);
      const calls = [...mistakes(solving), ...solving];
      const out = join(tempDir('lamsim-mcp-py-'), 'trajectories.jsonl');
      const report = await runPython(['stdio', process.execPath, ...cliArgv('mcp', '--env', environment.id, '--seed', String(seed), '--out', out)], { calls, after: solving[0]! });
      expect(report.tools).toEqual(expectedTools(environment, seed));
      expect(report.after).toMatch(/episode is over \(answered after \d+ steps\); its trajectory was written/);
      const line = readFileSync(out, 'utf8');
      const record = TrajectoryRecordSchema.parse(JSON.parse(line));
      expect(record.passed).toBe(true);
      expect(record.policy.name).toMatch(/^mcp:/);
      const expected = await playInProcess(environment, seed, split, calls, record.policy.name);
      expect(line).toBe(`${expected.line}\n`);
      expect(report.results).toEqual(expected.results.map((r) => ({ isError: r.isError === true, text: textOf(r) })));
    });
  });
}
