import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Container } from 'inversify';
import { Lifecycle, supervise, type LifecycleState, type ReadyContext } from 'readygraph';
import { dependentsOf } from './dag/Dag.js';
import { restartCriticalPathMs } from './dag/limits.js';
import { restartCaseOf } from './dag/RestartCase.js';
import { workloadOf } from './dag/WorkloadSpec.js';
import { defineClasses } from './peers/defineClasses.js';
import type { RestartJob, RestartResult } from './runner/Job.js';

/**
 * Scenario F with readygraph: the workload's classes, each with `@supervise` (restart on failure, zero backoff, and
 * `restartWithDependencies` as the case says), boot; then the case's services call `fail()` on their contexts, one
 * after the other in one go, and the clock runs until the lifecycle's `ready` event. Twice: the first restart runs
 * code the process has not run before (as an application's first restart does), the second runs it warm. The hooks take the workload's
 * durations, count their calls and check the order of the restart: an `onReady` whose dependency is not ready, or an
 * `onStop` before a dependent that restarts with it has stopped, is counted.
 */
export async function measureReadygraphRestart(job: RestartJob, collectGarbage: () => void): Promise<RestartResult> {
  const { dag, startMs, stopMs } = workloadOf(job.workload);
  const restart = restartCaseOf(dag, job.failing);
  const dependents = dependentsOf(dag);
  const contexts: Array<ReadyContext | undefined> = [];
  const ready = new Uint8Array(dag.size);
  const startCalls = new Uint32Array(dag.size);
  const stopCalls = new Uint32Array(dag.size);
  // How long each hook of the last restart actually took: timers overshoot, more so on a busy machine.
  const tookStartMs = new Float64Array(dag.size);
  const tookStopMs = new Float64Array(dag.size);
  let orderViolations = 0;
  const classes = defineClasses(dag, {
    inject: true,
    body: (node) =>
      class {
        public constructor(..._dependencies: unknown[]) {}
        public async onReady(context: ReadyContext): Promise<void> {
          contexts[node] = context;
          startCalls[node] = (startCalls[node] ?? 0) + 1;
          for (const dep of dag.deps[node] ?? []) if (ready[dep] !== 1) orderViolations++;
          const calledAt = performance.now();
          const ms = startMs[node] ?? 0;
          if (ms > 0) await sleep(ms);
          tookStartMs[node] = performance.now() - calledAt;
          ready[node] = 1;
        }
        public async onStop(): Promise<void> {
          stopCalls[node] = (stopCalls[node] ?? 0) + 1;
          for (const dependent of dependents[node] ?? []) {
            if (restart.restartsWithDependencies[dependent] === true && ready[dependent] === 1) orderViolations++;
          }
          ready[node] = 0;
          const calledAt = performance.now();
          const ms = stopMs[node] ?? 0;
          if (ms > 0) await sleep(ms);
          tookStopMs[node] = performance.now() - calledAt;
        }
      },
    decorateClass: (type) => {
      const node = Number(type.name.slice(1));
      supervise({
        restart: 'on-failure',
        backoff: { initialMs: 0, maxMs: 0, jitter: 0 },
        restartWithDependencies: restart.restartsWithDependencies[node] === true,
      })(type);
    },
  });
  const container = new Container();
  for (const type of classes) container.bind(type).toSelf();
  const lifecycle = new Lifecycle(container);
  // Read through a function: the state changes behind the compiler's back (inside fail(), and while awaiting).
  const stateOf = (): LifecycleState => lifecycle.state;
  await lifecycle.start();
  if (stateOf() !== 'ready') throw new Error(`after start() the lifecycle is ${lifecycle.state}, not ready`);
  const member = new Uint8Array(dag.size);
  for (const node of restart.members) member[node] = 1;
  /** One restart: every failed service's `fail()`, then the wait for the lifecycle's `ready` event; checks its hooks. */
  const timeRestart = async (): Promise<{ ms: number; hooksMs: number; miscalled: number }> => {
    startCalls.fill(0);
    stopCalls.fill(0);
    const readyAgain = new Promise<number>((resolve) => {
      const listener = (): void => {
        lifecycle.off('ready', listener);
        resolve(performance.now());
      };
      lifecycle.on('ready', listener);
    });
    collectGarbage();
    const t0 = performance.now();
    for (const node of restart.failed) contexts[node]?.fail(new Error(`bench: S${node} fails`));
    if (stateOf() === 'ready') throw new Error('the lifecycle is still ready right after fail(): no failure was seen');
    const t1 = await readyAgain;
    if (stateOf() !== 'ready') throw new Error(`after the restart the lifecycle is ${stateOf()}, not ready`);
    let miscalled = 0;
    for (let node = 0; node < dag.size; node++) {
      const expected = member[node] === 1 ? 1 : 0;
      if (startCalls[node] !== expected || stopCalls[node] !== expected) miscalled++;
    }
    return { ms: t1 - t0, hooksMs: restartCriticalPathMs(dag, restart, [...tookStartMs], [...tookStopMs]), miscalled };
  };
  orderViolations = 0;
  const first = await timeRestart();
  const sum = (calls: Uint32Array): number => calls.reduce((total, count) => total + count, 0);
  const firstCalls = { stopCalls: sum(stopCalls), startCalls: sum(startCalls) };
  const second = await timeRestart();
  const result: RestartResult = {
    kind: 'restart',
    restartMs: first.ms,
    hooksCriticalPathMs: first.hooksMs,
    againMs: second.ms,
    members: restart.members.length,
    ...firstCalls,
    miscalled: Math.max(first.miscalled, second.miscalled),
    orderViolations,
  };
  await lifecycle.stop();
  return result;
}
