import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  readonly os: string;
  readonly arch: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryMB: number;
  readonly node: string;
  readonly v8: string;
  readonly commit: string;
  /** True when the working tree had uncommitted changes to tracked files. */
  readonly dirty: boolean;
  /** The 1-minute load average when the run started: above the cpu count, other work shared the machine. */
  readonly loadAverage: number;
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(repo: string): MachineInfo {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpus: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    v8: process.versions.v8,
    commit: git(['rev-parse', '--short=12', 'HEAD'], repo) ?? 'unknown',
    dirty: (git(['status', '--porcelain', '--untracked-files=no'], repo) ?? '') !== '',
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}
