import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';

/** Where and with what the benchmark ran: the header of every results file. */
export interface Environment {
  readonly date: string;
  readonly node: string;
  readonly os: string;
  readonly cpu: string;
  readonly cores: number;
  /** The git commit of the tree measured, flagged when src/ had uncommitted changes. */
  readonly commit: string;
  readonly versions: Readonly<Record<string, string>>;
  /** The machine's 1-minute load average when the run began and when it ended: other work skews the figures. */
  readonly load: string;
}

const measuredPackages = ['inversify', 'reflect-metadata', '@nestjs/core', '@nestjs/common', 'rxjs', 'awilix', 'awilix-manager', 'avvio'];

export function environmentOf(root: string, loadAtStart: number): Environment {
  const versionOf = (path: string): string => {
    try {
      return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? '?';
    } catch {
      return 'not installed';
    }
  };
  const versions: Record<string, string> = { readygraph: versionOf(join(root, 'package.json')) };
  for (const name of measuredPackages) versions[name] = versionOf(join(root, 'node_modules', name, 'package.json'));
  const git = (...args: string[]): string => {
    const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : '';
  };
  const head = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--', 'src') !== '';
  return {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    commit: head === '' ? 'an unknown commit' : `${head}${dirty ? ' (with uncommitted changes in src/)' : ''}`,
    versions,
    load: `1-minute load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`,
  };
}
