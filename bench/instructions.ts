/*
 * Counts instructions rather than milliseconds: scenario A's boot and stop of one peer, run under callgrind, whose
 * count is the same for the same build and inputs however loaded the machine is.
 *
 *   node build/bench/instructions.js [--tree DIR] [--peer ID]... [--size N] [--runs N] [--out FILE]
 *
 * For each peer and tree (this checkout, and DIR if given: another checkout, installed and built, e.g. the commit
 * before a change), one process per run under `valgrind --tool=callgrind` defines the application, boots it and stops
 * it, as a bench worker does. Around each phase it calls `process.cpuUsage()`, whose `uv_getrusage` callgrind is told
 * to dump its counters before (`--dump-before`): each phase's instructions are then one dump of their own, with
 * nothing of the process's start-up, the definition of the classes or the exit in them. The forced GC between boot
 * and stop is a dump of its own too, counted in neither. Node runs `--single-threaded --predictable
 * --predictable-gc-schedule` with fixed seeds, so that V8's concurrent threads, its time-based heap sizing and its hash
 * seed do not move the count (without those flags two runs of one build differed by up to 10 %, with them by about
 * 0.2 %); the report gives each count's range over `--runs`.
 *
 * Needs valgrind. One process takes a minute or two (callgrind runs code some 50 times slower).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as WorkloadSpecModule from './dag/WorkloadSpec.js';
import type { WorkloadSpec } from './dag/WorkloadSpec.js';
import type * as HookProbeModule from './peers/HookProbe.js';
import type * as PeersModule from './peers/index.js';
import { commandLine } from './runner/commandLine.js';

const usage = 'usage: node build/bench/instructions.js [--tree DIR] [--peer ID]... [--size N] [--runs N] [--out FILE]';
const values = commandLine('instructions', usage, {
  tree: { type: 'string' },
  peer: { type: 'string', multiple: true },
  size: { type: 'string', default: '10000' },
  runs: { type: 'string', default: '1' },
  out: { type: 'string' },
  // Internal: the process callgrind runs (a tree's application, booted and stopped once).
  measure: { type: 'string' },
});
const size = Number(values.size);
const runs = Number(values.runs);
const here = fileURLToPath(new URL('../../', import.meta.url));
/** The native call each phase boundary makes, and callgrind dumps its counters before. */
const boundary = 'uv_getrusage';

/** Scenario A's workload at `count` (as bench/runner/plan.ts builds it): a random DAG, up to 3 dependencies, instant hooks. */
function workloadAt(count: number): WorkloadSpec {
  const atOnce = { minMs: 0, maxMs: 0, seed: 0 };
  return { shape: { kind: 'random', size: count, maxDeps: 3, seed: 1 }, start: atOnce, stop: atOnce };
}

/**
 * The measured process: the bench modules (and so the library) of `tree`, one peer, boot and stop, each phase between
 * two boundaries. Dumps: 1 start-up and definition, 2 boot, 3 the forced GC, 4 stop, then the exit.
 */
async function measureInThisProcess(tree: string, peerId: string): Promise<void> {
  const module = (path: string): string => pathToFileURL(join(tree, 'build', 'bench', path)).href;
  const { workloadOf } = (await import(module('dag/WorkloadSpec.js'))) as typeof WorkloadSpecModule;
  const { HookProbe } = (await import(module('peers/HookProbe.js'))) as typeof HookProbeModule;
  const { peerById } = (await import(module('peers/index.js'))) as typeof PeersModule;
  const workload = workloadOf(workloadAt(size));
  const probe = new HookProbe(workload);
  const entry = peerById(peerId);
  const app = (await entry.load()).define(workload, probe);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  process.cpuUsage();
  await app.boot();
  process.cpuUsage();
  gc?.();
  process.cpuUsage();
  await app.stop();
  process.cpuUsage();
  const expected = entry.callsHooks ? workload.dag.size : 0;
  // InversifyJS has no stop order: only the counts are checked for every peer.
  if (probe.started !== expected || probe.stopped !== expected || probe.duplicates > 0) {
    throw new Error(`${peerId}: started ${probe.started}, stopped ${probe.stopped} of ${expected}, ${probe.duplicates} duplicate hooks`);
  }
}

interface Phases {
  readonly boot: number;
  readonly stop: number;
}

/** Boot's and stop's instructions in one process under callgrind. */
function countPhases(tree: string, peerId: string, scratch: string): Phases {
  const prefix = join(scratch, `callgrind.${Date.now()}`);
  const args = [
    '--tool=callgrind',
    `--dump-before=${boundary}`,
    `--callgrind-out-file=${prefix}`,
    process.execPath,
    '--single-threaded',
    '--predictable',
    '--predictable-gc-schedule',
    '--hash-seed=1',
    '--random-seed=1',
    '--expose-gc',
    fileURLToPath(import.meta.url),
    '--measure',
    peerId,
    '--tree',
    tree,
    '--size',
    String(size),
  ];
  const result = spawnSync('valgrind', args, { cwd: tree, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`callgrind ${peerId} in ${tree} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  const dump = (part: number): number => {
    const text = readFileSync(`${prefix}.${part}`, 'utf8');
    const total = /^summary: (\d+)$/m.exec(text);
    if (total === null) throw new Error(`no summary in callgrind dump ${part} of ${peerId}`);
    return Number(total[1]);
  };
  const parts = readdirSync(scratch).filter((name) => name.startsWith(`${prefix.slice(scratch.length + 1)}.`)).length;
  if (parts !== 4) throw new Error(`callgrind ${peerId}: ${parts} dumps at ${boundary}, expected 4 (something else called it)`);
  const phases = { boot: dump(2), stop: dump(4) };
  for (const name of readdirSync(scratch)) rmSync(join(scratch, name), { force: true });
  return phases;
}

function range(counts: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...counts].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] as number, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

const millions = (count: number): string => (count / 1e6).toFixed(1);

function main(): void {
  const peerIds = values.peer ?? ['readygraph', 'readygraph-dependsOn', 'inversify', 'inversify-resolve'];
  const trees: Array<[string, string]> = [['head', here]];
  if (values.tree !== undefined) trees.unshift(['base', resolve(values.tree)]);
  const scratch = mkdtempSync(join(tmpdir(), 'readygraph-callgrind-'));
  const lines = [
    `A at ${size} services, callgrind instruction counts (millions), ${runs} process(es) per row; 1-minute load average at the start: ${loadavg()[0]?.toFixed(1)}.`,
    '',
    '| tree | peer | boot | stop |',
    '| --- | --- | --- | --- |',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  try {
    for (const peerId of peerIds) {
      for (const [label, tree] of trees) {
        const measured = Array.from({ length: runs }, () => countPhases(tree, peerId, scratch));
        const cell = (counts: readonly number[]): string => {
          const figure = range(counts);
          return runs === 1 ? millions(figure.median) : `${millions(figure.median)} (${millions(figure.min)}–${millions(figure.max)})`;
        };
        const line = `| ${label} | ${peerId} | ${cell(measured.map((phases) => phases.boot))} | ${cell(measured.map((phases) => phases.stop))} |`;
        lines.push(line);
        process.stdout.write(`${line}\n`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (values.out !== undefined) writeFileSync(values.out, `${lines.join('\n')}\n`);
}

if (values.measure === undefined) {
  main();
} else {
  await measureInThisProcess(values.tree === undefined ? here : resolve(values.tree), values.measure);
  // Some peers leave handles open (timers, signal listeners); the measurement is done.
  process.exit(0);
}
