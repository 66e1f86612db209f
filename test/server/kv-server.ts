import { register, type Observation } from '../../src/index.js';
import { LamsimClient } from '../../src/server/client.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/server.js';
import { kvEnvironment } from '../fixtures/kv-env.js';

export interface KvServer {
  readonly server: RunningServer;
  readonly client: LamsimClient;
  stop(): Promise<void>;
}

/** A server on a free loopback port with the KeyValue env registered, and a client of it. */
export async function kvServer(options: ServerOptions = {}): Promise<KvServer> {
  register(kvEnvironment);
  const server = await startServer({ port: 0, ...options });
  const client = new LamsimClient(server.url);
  return {
    server,
    client,
    async stop() {
      client.destroy();
      await server.close(200);
    },
  };
}

const KEYS = /\bkey_[0-9a-z]+_\d+\b/g;
const TARGET = /\bnew_\d+\b/;

function call(name: string, args: Record<string, unknown>, step: number) {
  return { role: 'assistant', content: null, tool_calls: [{ id: `call_${step}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }] };
}

/** The JSON outputs the tools have returned so far, by tool name (errors skipped). */
function outputs(observation: Observation): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  for (const m of observation.messages) if (m.role === 'tool' && m.content.startsWith('{')) found.set(m.name, JSON.parse(m.content) as Record<string, unknown>);
  return found;
}

/**
 * A scripted KV player that reads only the observation. For "what is stored under K" it reads K
 * with whichever read tool is offered and answers the value; for "store the sum of A and B under
 * T" it sums, stores, and answers the sum.
 */
export function kvPolicy(observation: Observation): unknown {
  const step = observation.messages.length;
  const question = observation.messages.find((m) => m.role === 'user')!.content;
  const keys = question.match(KEYS) ?? [];
  const target = TARGET.exec(question)?.[0];
  const done = outputs(observation);
  if (target !== undefined) {
    const sum = done.get('sum_values')?.['sum'];
    if (sum === undefined) return call('sum_values', { keys }, step);
    if (!done.has('set_value')) return call('set_value', { key: target, value: sum }, step);
    return call('Finish', { answer: String(sum) }, step);
  }
  const read = done.get('get_value')?.['value'] ?? done.get('lookup_value')?.['result'];
  if (read !== undefined) return call('Finish', { answer: String(read) }, step);
  const offered = new Set(observation.tools.map((t) => t.function.name));
  return offered.has('get_value') ? call('get_value', { key: keys[0] ?? '' }, step) : call('lookup_value', { name: keys[0] ?? '' }, step);
}
