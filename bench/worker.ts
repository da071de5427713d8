/*
 * Measurements in a fresh process: `node --expose-gc build/bench/worker.js '<array of jobs as JSON>'`. Prints one line
 * of JSON per job on stdout. The full bench (run.ts) starts one worker per job and run, so that no measurement inherits
 * a warm JIT, a grown heap or loaded modules from another; a smoke run batches a peer's jobs to save start-ups.
 */
import { performance } from 'node:perf_hooks';
import { workloadOf } from './dag/WorkloadSpec.js';
import { randomDag } from './dag/generators.js';
import { peakRssMB } from './peakRss.js';
import { PhaseProfiler } from './profile/PhaseProfiler.js';
import { HookProbe } from './peers/HookProbe.js';
import { peerById } from './peers/index.js';
import type { Job, LifecycleJob, LifecycleResult, Result } from './runner/Job.js';
import type { WorkerLine } from './runner/runJobs.js';

/** Starts a measured phase from a collected heap, so that garbage from defining the application is not billed to it. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
}

async function measureLifecycle(job: LifecycleJob): Promise<LifecycleResult> {
  const workload = workloadOf(job.workload);
  const probe = new HookProbe(workload);
  const peer = await peerById(job.peer).load();
  const app = peer.define(workload, probe);
  const profiler = job.profileDir === undefined ? undefined : await PhaseProfiler.open(job.profileDir, `${job.scenario}-${job.peer}`);
  collectGarbage();
  await profiler?.start();
  const t0 = performance.now();
  await app.boot();
  const bootEnd = performance.now();
  const bootMs = bootEnd - t0;
  const hookSpanMs = bootEnd - (probe.firstStartAt ?? t0);
  await profiler?.stop('boot');
  const rssMB = peakRssMB();
  collectGarbage();
  await profiler?.start();
  const t1 = performance.now();
  await app.stop();
  const stopMs = performance.now() - t1;
  await profiler?.stop('stop');
  return {
    kind: 'lifecycle',
    bootMs,
    hookSpanMs,
    stopMs,
    rssMB,
    started: probe.started,
    stopped: probe.stopped,
    startViolations: probe.startViolations,
    stopViolations: probe.stopViolations,
    duplicates: probe.duplicates,
  };
}

async function measure(job: Job): Promise<Result> {
  if (job.kind === 'lifecycle') return measureLifecycle(job);
  if (job.kind === 'restart') {
    const { measureReadygraphRestart } = await import('./restartReadygraph.js');
    return measureReadygraphRestart(job, collectGarbage);
  }
  const dag = randomDag(job.size, job.maxDeps, job.seed);
  if (job.peer === 'floor') {
    const { measureFloorGraph } = await import('./graphFloor.js');
    collectGarbage();
    return measureFloorGraph(dag);
  }
  const { measureReadygraphGraph } = await import('./graphReadygraph.js');
  return measureReadygraphGraph(dag, collectGarbage);
}

const argument = process.argv[2];
if (argument === undefined) {
  console.error('usage: node --expose-gc build/bench/worker.js <array of jobs as JSON>');
  process.exit(2);
}
for (const job of JSON.parse(argument) as Job[]) {
  let line: WorkerLine;
  try {
    line = { ok: true, result: await measure(job) };
  } catch (error) {
    line = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
// Some peers leave handles open (timers, signal listeners); the measurements are done, so leave without waiting.
process.exit(0);
