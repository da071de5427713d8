import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable, type Newable } from 'inversify';
import { deferred, Lifecycle, supervise, type HealthContext, type ReadyContext, type SupervisionPolicy } from 'readygraph';
import { ManualClock } from '../support/ManualClock.js';
import { declareDependencies } from '../support/plannedDependencies.js';
import { TrackedClock } from '../support/TrackedClock.js';
import { HORIZON, START_TIMEOUT, STOP_TIMEOUT, type CheckKind, type ServicePlan, type SupervisionPlan } from './SupervisionPlan.js';

const DEFAULT_HEALTH_TIMEOUT = 15;
/** The defaults every service's own policy is laid over: no jitter (a run must replay exactly), quick health checks. */
const DEFAULT_POLICY: SupervisionPolicy = { backoff: { jitter: 0, initialMs: 20 }, health: { intervalMs: 25, timeoutMs: DEFAULT_HEALTH_TIMEOUT } };
const STEP = 5;

/** One run of a service as its hooks saw it. */
interface Generation {
  readonly context: ReadyContext;
  outcome: 'running' | 'resolved' | 'rejected';
  /** Journal position at which its onReady settled. */
  settledAt: number;
  /** It called fail() before its onReady resolved, and the call counted (its signal had not aborted). */
  failedEarly: boolean;
  /** The lifecycle announced its onReady as resolved after its timeout (`service:ready` with `late`). */
  late: boolean;
  stops: number;
  /** When its onStop was called, while it runs. */
  stoppingSince: number | undefined;
}

/**
 * Plays one random run (a SupervisionPlan) and checks it: a random graph under random supervision policies, with
 * runtime faults — hooks that fail, hang, or settle after their timeout, health checks that fail or are slow,
 * readiness withdrawn and regained, fail() and restart() at random simulated times, and stop() at a random moment —
 * all on a manual clock. Every hook records what it saw; after the run the invariants of API.md ("After start",
 * Invariants) are checked, and any violation fails an assertion that prints the end of the run's journal:
 * 1. an onReady never starts while a dependency is unavailable — by status() at the call, and by the states the
 *    lifecycle announced in its events (a dependency is available when its last announced state is ready and its
 *    own dependencies are available);
 * 2. the hooks of one service never overlap: onReady and onStop never run together (a new onReady only after the
 *    last onStop settled), and a health check never starts while one of them, or another check, runs;
 * 3. every run whose onReady succeeded gets exactly one onStop, a failed run none;
 * 4. after stop() settles no hook or health check is called again (the clock is moved on to see), except the onStop
 *    owed to an onReady that timed out and resolved later; and no timer of the lifecycle is left.
 * Besides: calls on a run's context start no hook inside the call, and calls on an earlier run's context change nothing.
 * The run starts everything or only the closure of some services (`start({ only })`), widens it at random times, and
 * may have deferred services; then also: 5. nothing outside what was started (the closures asked for so far) is ever
 * called, and it ends `idle`; every start and widening settles.
 */
export async function runSupervisionPlan(plan: SupervisionPlan): Promise<void> {
  const clock = new ManualClock();
  const lifecycleClock = new TrackedClock(clock);
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => clock.setTimeout(resolve, ms));
  const journal: string[] = [];
  const note = (entry: string): number => journal.push(`${clock.now()} ${entry}`) - 1;
  const violations: string[] = [];
  const violation = (text: string): void => {
    violations.push(`${text} (at journal entry ${journal.length})`);
  };
  const generations: Generation[][] = plan.services.map(() => []);
  /** onReady and onStop of each service in flight (from call to settling, also past a timeout). */
  const busy: number[] = plan.services.map(() => 0);
  const checking: number[] = plan.services.map(() => 0);
  const checkCount: number[] = plan.services.map(() => 0);
  const count = (counts: number[], index: number, by: number): number => (counts[index] = (counts[index] ?? 0) + by);
  /** Each service's own state as the lifecycle announced it: ready or not. */
  const announcedReady: boolean[] = plan.services.map(() => false);
  let insideContextCall = false;
  let stopSettledAt: number | undefined;
  let events = 0;

  const announcedAvailable = (index: number): boolean =>
    announcedReady[index] === true && (plan.services[index] as ServicePlan).dependencies.every((dependency) => announcedAvailable(dependency.on));
  /** The services asked for so far: the closures of the start's and the widenings' `only` (everything without). */
  const asked = new Set<number>();
  const ask = (only: readonly number[] | undefined): void => {
    const visit = (index: number): void => {
      if (asked.has(index)) return;
      asked.add(index);
      for (const { on } of (plan.services[index] as ServicePlan).dependencies) visit(on);
    };
    if (only === undefined) plan.services.forEach((_, index) => visit(index));
    else only.forEach(visit);
  };
  const lateOnly = (index: number, hook: string): void => {
    if (!asked.has(index)) violation(`${hook} of S${index} called, outside what was started`);
    if (stopSettledAt !== undefined) violation(`${hook} of S${index} called after stop() settled`);
    if (insideContextCall) violation(`${hook} of S${index} called inside a call on a run's context`);
  };

  let lifecycle!: Lifecycle;
  const classes: Newable[] = [];
  plan.services.forEach((service, index) => {
    const healthTimeout = service.policy.health?.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT;
    const type = { [`S${index}`]: class {} }[`S${index}`] as Newable;
    const prototype = type.prototype as Record<string, unknown>;
    prototype['onReady'] = async (context: ReadyContext): Promise<void> => {
      const generation: Generation = { context, outcome: 'running', settledAt: -1, failedEarly: false, late: false, stops: 0, stoppingSince: undefined };
      const number = generations[index]?.push(generation) ?? 0;
      note(`call-ready S${index} #${number}`);
      lateOnly(index, 'onReady');
      if ((busy[index] ?? 0) > 0) violation(`onReady of S${index} #${number} called while another hook of it runs`);
      const status = lifecycle.status().services;
      for (const { on } of service.dependencies) {
        if (status.find((candidate) => candidate.name === `S${on}`)?.available !== true) {
          violation(`onReady of S${index} #${number} called while its dependency S${on} is not available (status())`);
        }
        if (!announcedAvailable(on)) violation(`onReady of S${index} #${number} called while its dependency S${on} is not available (announced states)`);
      }
      count(busy, index, 1);
      const move = service.ready[(number - 1) % service.ready.length] as ServicePlan['ready'][number];
      const settle = (outcome: 'resolved' | 'rejected'): void => {
        count(busy, index, -1);
        generation.outcome = outcome;
        generation.settledAt = note(`${outcome === 'resolved' ? 'resolved' : 'rejected'}-ready S${index} #${number}`);
      };
      if (move.kind === 'hang') return new Promise<void>(() => undefined);
      if (move.kind === 'cooperative') {
        await Promise.race([sleep(move.delay), new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()))]);
      } else {
        await sleep(move.kind === 'late' ? START_TIMEOUT + move.delay : move.delay);
      }
      if (move.kind === 'throw' || (move.kind === 'cooperative' && context.signal.aborted) || (move.kind === 'fail-early' && context.signal.aborted)) {
        settle('rejected');
        throw new Error(`S${index} #${number} failed`);
      }
      if (move.kind === 'fail-early') {
        // The run is current while its signal has not aborted: the call counts, and no onStop is owed.
        generation.failedEarly = true;
        note(`fail-early S${index} #${number}`);
        context.fail(new Error(`S${index} #${number} failed before it was ready`));
      }
      settle('resolved');
    };
    prototype['onStop'] = async (): Promise<void> => {
      const generation = generations[index]?.at(-1);
      const number = generations[index]?.length ?? 0;
      note(`call-stop S${index} #${number}`);
      if (insideContextCall) violation(`onStop of S${index} called inside a call on a run's context`);
      if (!asked.has(index)) violation(`onStop of S${index} called, outside what was started`);
      if (generation === undefined) return violation(`onStop of S${index} called before any onReady`);
      if ((busy[index] ?? 0) > 0) violation(`onStop of S${index} #${number} called while another hook of it runs`);
      // The one call allowed after stop() settled: the onStop owed to an onReady that resolved after its timeout.
      if (stopSettledAt !== undefined && !generation.late) violation(`onStop of S${index} #${number} called after stop() settled`);
      generation.stops += 1;
      generation.stoppingSince = clock.now();
      count(busy, index, 1);
      const move = service.stop[(number - 1) % service.stop.length] as ServicePlan['stop'][number];
      await sleep(move.delay);
      count(busy, index, -1);
      generation.stoppingSince = undefined;
      note(`settled-stop S${index} #${number}`);
      if (move.fails) throw new Error(`S${index} #${number} stop failed`);
    };
    const checks = service.checks;
    if (checks !== undefined) {
      prototype['checkHealth'] = async (_context: HealthContext): Promise<boolean> => {
        const number = count(checkCount, index, 1);
        note(`check S${index} ${number}`);
        lateOnly(index, 'checkHealth');
        if ((busy[index] ?? 0) > 0) violation(`checkHealth of S${index} called while its onReady or onStop runs`);
        if ((checking[index] ?? 0) > 0) violation(`checkHealth of S${index} called while another check of it runs`);
        count(checking, index, 1);
        const kind = checks[(number - 1) % checks.length] as CheckKind;
        await sleep(kind === 'slow' ? healthTimeout + 5 : 1);
        count(checking, index, -1);
        if (kind === 'throw') throw new Error(`S${index} check ${number} failed`);
        return kind !== 'false';
      };
    }
    injectable('Singleton')(type);
    supervise(service.policy)(type);
    if (index >= plan.deferredFrom) deferred()(type);
    declareDependencies(type, service.dependencies, classes);
    classes.push(type);
  });

  const container = new Container();
  for (const type of classes) container.bind(type).toSelf();
  lifecycle = new Lifecycle(container, {
    clock: lifecycleClock,
    startTimeoutMs: START_TIMEOUT,
    stopTimeoutMs: STOP_TIMEOUT,
    concurrency: plan.concurrency,
    supervise: DEFAULT_POLICY,
  });
  const serviceOf = (name: string): number => Number(name.slice(1));
  const announce = (name: string, ready: boolean, what: string): void => {
    events += 1;
    announcedReady[serviceOf(name)] = ready;
    note(`${what} ${name}`);
  };
  lifecycle.on('service:ready', (event) => {
    const generation = generations[serviceOf(event.name)]?.at(-1);
    if (event.late === true && generation !== undefined) generation.late = true;
    announce(event.name, event.late !== true, event.late === true ? 'late-ready' : 'ready');
  });
  lifecycle.on('service:unready', (event) => announce(event.name, false, 'unready'));
  lifecycle.on('service:failed', (event) => announce(event.name, false, `failed(${event.phase})`));
  lifecycle.on('service:restarting', (event) => announce(event.name, false, `restarting(${event.attempt}, ${event.delayMs} ms)`));
  lifecycle.on('service:starting', (event) => announce(event.name, false, 'starting'));
  lifecycle.on('service:stopping', (event) => announce(event.name, false, `stopping(${event.reason})`));
  lifecycle.on('service:stopped', (event) => announce(event.name, false, `stopped(${event.reason})`));
  lifecycle.on('service:gave-up', (event) => {
    events += 1;
    note(`gave-up ${event.name}`);
  });

  const startOf = (only: readonly number[] | undefined): Promise<void> => {
    ask(only);
    return only === undefined ? lifecycle.start() : lifecycle.start({ only: only.map((index) => classes[index] as Newable) });
  };
  let startSettled = false;
  note(`start(${plan.only === undefined ? '' : `only ${plan.only.map((index) => `S${index}`).join(', ')}`})`);
  void startOf(plan.only).then(
    () => (startSettled = true),
    () => (startSettled = true),
  );
  let wideningsUnsettled = 0;
  const widen = (only: readonly number[] | undefined): void => {
    note(`widen(${only === undefined ? 'everything' : only.map((index) => `S${index}`).join(', ')})`);
    wideningsUnsettled += 1;
    void startOf(only)
      .catch(() => undefined)
      .then(() => (wideningsUnsettled -= 1));
  };
  let stopEnded = false;
  /** What was left when stop() settled: the lifecycle's timers, and onStop hooks that still run. */
  let leftAtStop: { timers: number; owedLate: number; unexplained: string[] } | undefined;
  let whenStoppedSettled = false;
  void lifecycle.whenStopped().then(
    () => (whenStoppedSettled = true),
    () => (whenStoppedSettled = true),
  );
  const callStop = (): void => {
    note('stop()');
    void lifecycle
      .stop()
      .catch(() => undefined)
      .then(() => {
        stopEnded = true;
        // An onStop may still run past its stopTimeoutMs (the stop did not wait for it), and the late onStop owed to
        // an onReady that resolved after its timeout may run, within its own timeout (a timer).
        const stopping = generations.flatMap((runs, index) =>
          runs.flatMap((generation) =>
            generation.stoppingSince === undefined ? [] : [{ index, late: generation.late, timedOut: clock.now() - generation.stoppingSince >= STOP_TIMEOUT }],
          ),
        );
        leftAtStop = {
          timers: lifecycleClock.pending,
          owedLate: stopping.filter((hook) => hook.late && !hook.timedOut).length,
          unexplained: stopping.filter((hook) => !hook.late && !hook.timedOut).map((hook) => `S${hook.index}`),
        };
        stopSettledAt = note(`stop() settled, ${lifecycleClock.pending} lifecycle timer(s) left`);
      });
  };

  const act = (action: SupervisionPlan['actions'][number]): void => {
    const { service, kind } = action;
    const runs = generations[service] as Generation[];
    if (kind === 'restart') {
      note(`restart(S${service})`);
      void lifecycle.restart(classes[service] as Newable).catch(() => undefined);
      return;
    }
    const generation = kind === 'stale' ? runs.at(-2) : runs.at(-1);
    if (generation === undefined) return;
    if (kind === 'fail' && generation.outcome === 'running') {
      // While its onReady runs, fail() is that hook's failure, and no onStop is owed; whether the call counts is
      // known only while the run's signal has not aborted (an abandoned start aborts it and leaves the run current).
      if (generation.context.signal.aborted) return;
      generation.failedEarly = true;
    }
    note(`${kind}() on S${service} #${kind === 'stale' ? runs.length - 1 : runs.length}`);
    const before = JSON.stringify(lifecycle.status());
    const eventsBefore = events;
    insideContextCall = true;
    try {
      if (kind === 'unready') generation.context.unready(`S${service} withdrew`);
      else if (kind === 'ready') generation.context.ready();
      else generation.context.fail(new Error(`S${service} failed while running`));
    } finally {
      insideContextCall = false;
    }
    if (kind === 'stale' && (JSON.stringify(lifecycle.status()) !== before || events !== eventsBefore)) {
      violation(`fail() on an earlier run's context of S${service} changed the lifecycle`);
    }
  };

  const actions = [...plan.actions].sort((a, b) => a.at - b.at);
  const widenings = [...plan.widenings].sort((a, b) => a.at - b.at);
  let nextWidening = 0;
  let next = 0;
  const stopAt = ((): number => {
    const when = plan.stopAt;
    if (when === undefined) return HORIZON;
    if ('at' in when) return when.at;
    const action = actions[when.afterAction];
    return action === undefined ? HORIZON : Math.min(HORIZON, action.at + when.by);
  })();
  let stopCalled = false;
  for (let now = 0; now <= HORIZON; now += STEP) {
    while (next < actions.length && (actions[next] as SupervisionPlan['actions'][number]).at <= now) act(actions[next++] as SupervisionPlan['actions'][number]);
    // A widening after stop() is not one: start() after stop() rejects, and must not count as started.
    while (nextWidening < widenings.length && (widenings[nextWidening] as SupervisionPlan['widenings'][number]).at <= now) {
      const widening = widenings[nextWidening++] as SupervisionPlan['widenings'][number];
      if (!stopCalled) widen(widening.only);
    }
    if (!stopCalled && now >= stopAt) {
      stopCalled = true;
      callStop();
    }
    await clock.advance(STEP);
  }
  for (let round = 0; round < 400 && !stopEnded; round += 1) await clock.advance(10);
  assert.ok(stopEnded, `stop() ended within 4 s of simulated time\n${journal.join('\n')}`);
  // Time goes on after the stop: late hooks settle, and nothing else may be called.
  for (let round = 0; round < 60; round += 1) await clock.advance(20);

  plan.services.forEach((_, index) => {
    (generations[index] as Generation[]).forEach((generation, at) => {
      const owed = generation.outcome === 'resolved' && !generation.failedEarly ? 1 : 0;
      if (generation.stops !== owed) violation(`S${index} #${at + 1} (onReady ${generation.outcome}${generation.failedEarly ? ', fail() early' : ''}) got ${generation.stops} onStop(s), owed ${owed}`);
    });
  });
  if (leftAtStop !== undefined && leftAtStop.unexplained.length > 0) violation(`stop() settled while onStop of ${leftAtStop.unexplained.join(', ')} ran`);
  if (leftAtStop !== undefined && leftAtStop.timers > 0 && leftAtStop.owedLate === 0) {
    violation(`${leftAtStop.timers} timer(s) of the lifecycle left when stop() settled`);
  }
  if (lifecycleClock.pending !== 0) violation(`${lifecycleClock.pending} timer(s) of the lifecycle left after the hooks settled`);
  if (!startSettled) violation('start() never settled');
  if (wideningsUnsettled > 0) violation(`${wideningsUnsettled} widening(s) never settled`);
  for (const service of lifecycle.status().services) {
    if (!asked.has(serviceOf(service.name)) && service.state !== 'idle') violation(`${service.name}, outside what was started, ended ${service.state}`);
  }
  if (!whenStoppedSettled) violation('whenStopped() never settled');
  const state = lifecycle.status().state;
  if (state !== 'stopped' && state !== 'failed') violation(`the lifecycle ended ${state}`);
  assert.deepEqual(violations, [], `journal (last 80 entries):\n${journal.slice(-80).join('\n')}`);
}
