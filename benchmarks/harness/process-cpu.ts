import { readdirSync, readFileSync } from 'node:fs';
import { clockTicks } from './clock-ticks.js';

/** A process and its descendants (a cluster's primary and workers), found through /proc. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statFields(Number(name));
    if (stat === undefined) continue;
    const ppid = Number(stat[1]);
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

/** Fields after the command name of /proc/PID/stat (index 0 is the state), or undefined once it exited. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) the processes have used so far. */
export function cpuSeconds(pids: readonly number[]): number {
  const { user, system } = cpuTimes(pids);
  return user + system;
}

/** CPU seconds the processes have used so far, in user space and in the kernel (system calls: sockets, for a server). */
export function cpuTimes(pids: readonly number[]): { user: number; system: number } {
  let user = 0;
  let system = 0;
  for (const pid of pids) {
    const stat = statFields(pid);
    if (stat === undefined) continue;
    user += Number(stat[11]);
    system += Number(stat[12]);
  }
  return { user: user / clockTicks(), system: system / clockTicks() };
}
