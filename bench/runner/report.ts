import { edgeCount } from '../dag/Dag.js';
import { owners, type Attribution } from '../profile/attribute.js';
import { criticalPathMs, levelByLevelMs, restartCriticalPathMs, serialMs } from '../dag/limits.js';
import { restartCaseOf } from '../dag/RestartCase.js';
import { workloadOf } from '../dag/WorkloadSpec.js';
import { peerById } from '../peers/index.js';
import type { Environment } from './environment.js';
import { ms, ratio, spread, table } from './format.js';
import type { LifecycleResult } from './Job.js';
import type { Outcomes } from './Outcomes.js';
import type { LifecycleScenario, Plan } from './plan.js';
import { summarize, type Summary } from './stats.js';

/** One line of the targets table: what issue 4 asks, what was measured, whether it holds. */
interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

/** One boot of readygraph under the sampling profiler, its samples billed to their owners. */
export interface ProfiledBoot {
  readonly scenario: string;
  readonly bootMs: number;
  readonly attribution: Attribution;
  /** How many profiled boots this one is the median of (by readygraph's own code). */
  readonly of: number;
}

/** Renders the whole run as Markdown: one table per scenario, then the targets of issue 4. */
export function renderReport(plan: Plan, outcomes: Outcomes, environment: Environment, profiled?: ProfiledBoot): string {
  const targets: TargetCheck[] = [];
  const sections = [
    header(plan, environment),
    overheadSection(plan, outcomes, targets, profiled),
    parallelismSection(plan, outcomes, targets),
    unevenSection(plan, outcomes, targets),
    stopSection(plan, outcomes),
    restartSection(plan, outcomes, targets),
    graphSection(plan, outcomes, targets),
    `## Targets (issues 4 and 11)\n\n${table(
      ['target', 'measured', ''],
      targets.map((check) => [check.target, check.measured, check.met === undefined ? 'n/a' : check.met ? 'met' : '**missed**']),
    )}`,
  ];
  const errors = outcomes.errors();
  if (errors.length > 0) {
    sections.push(`## Errors\n\n${errors.map(({ key, error }) => `- ${key}: ${firstLine(error)}`).join('\n')}`);
  }
  return `${sections.join('\n\n')}\n`;
}

function header(plan: Plan, environment: Environment): string {
  const versions = Object.entries(environment.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  return [
    `# readygraph benchmark${plan.name === 'smoke' ? ' (smoke: tiny sizes, not for quoting)' : ''}`,
    '',
    `${environment.date} · Node.js ${environment.node} · ${environment.os} · ${environment.cpu} × ${environment.cores} · ` +
      `readygraph at ${environment.commit} · ${environment.load}`,
    '',
    `Versions: ${versions}.`,
    '',
    `Every row: ${plan.runs} run(s), each in a fresh process; median (min–max). Seeds are fixed, so every peer boots the ` +
      'same graphs with the same hook durations. **Boot** runs from creating the container (or loader) to the last start ' +
      "hook resolved: registration, construction and hooks; defining the classes (the application's import time) is not " +
      'timed. Each timed phase starts after a forced GC. The **floor** is a callback-driven Kahn scheduler over plain ' +
      'functions, no dependency injection at all. **order** checks, inside every hook, that the peer kept the ' +
      'dependency order (✓) or counts the hooks that ran too early.',
  ].join('\n');
}

// ---- A -------------------------------------------------------------------------------------------------------------

function overheadSection(plan: Plan, outcomes: Outcomes, targets: TargetCheck[], profiled: ProfiledBoot | undefined): string {
  const scenarios = plan.lifecycle.filter((scenario) => scenario.group === 'A');
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const scenario of scenarios) {
    const size = workloadOf(scenario.workload).dag.size;
    const boot = bootSummaries(scenario, outcomes);
    for (const peer of scenario.peers) {
      const { results, errors } = outcomes.lifecycle(scenario.id, peer);
      const summary = boot.get(peer);
      if (summary === undefined) {
        rows.push([scenario.id, labelOf(peer), failed(errors), '', '', '', '', '']);
        continue;
      }
      rows.push([
        scenario.id,
        labelOf(peer),
        spread(summary),
        ((summary.median * 1000) / size).toFixed(1),
        summarize(results.map((result) => result.rssMB)).median.toFixed(0),
        ratio(summary.median, boot.get('floor')?.median),
        ratio(summary.median, boot.get('inversify')?.median),
        startOrder(peer, results, size),
      ]);
    }
    const own = ownScheduling(scenario, outcomes, boot);
    if (own !== undefined) {
      notes.push(
        `${scenario.id}: readygraph's own scheduling ≈ readygraph boot − InversifyJS resolving only = ` +
          (own.paired
            ? `${ms(own.ms)} ms (the median of that difference run by run; of the medians ${ms(own.readygraph)} − ${ms(own.resolving)})`
            : `${ms(own.readygraph)} − ${ms(own.resolving)} = ${ms(own.ms)} ms`) +
          ` = ${ratio(own.ms, own.floor)} the floor (${ms(own.floor)} ms).`,
      );
    }
  }
  const largest = scenarios[scenarios.length - 1];
  const profiledScenario = scenarios.find((scenario) => scenario.id === profiled?.scenario);
  const split =
    profiled === undefined || profiledScenario === undefined
      ? undefined
      : profileSplit(profiled, bootSummaries(profiledScenario, outcomes));
  if (split !== undefined) notes.push(split.note);
  if (largest !== undefined) overheadTargets(largest, outcomes, targets, split);
  return [
    '## A — overhead: N services, each depending on up to 3 random earlier ones; hooks resolve at once',
    '',
    `${largest === undefined ? '' : `At ${largest.id}: ${edgeCount(workloadOf(largest.workload).dag).toLocaleString('en-US')} edges. `}` +
      'µs / service is the median boot divided by N; peak RSS is the whole process at the end of the boot.',
    '',
    table(['N', 'peer', 'boot ms', 'µs / service', 'peak RSS MB', '× floor', '× InversifyJS', 'order'], rows),
    ...(notes.length > 0 ? ['', ...notes.map((note) => `- ${note}`)] : []),
  ].join('\n');
}

interface ProfileSplit {
  readonly note: string;
  /**
   * readygraph's own code (graph build and scheduling, without Inversify, hooks or GC) in the unprofiled boot: its
   * share of the profiled boot times the median boot without the profiler, whose sampling slows every boot down.
   */
  readonly ownMs: number;
  /** Of which runtime/ (the scheduler, state machines, timeouts, events), scaled the same way. */
  readonly schedulingMs: number;
  readonly floorMs: number | undefined;
}

function profileSplit(profiled: ProfiledBoot, boot: ReadonlyMap<string, Summary>): ProfileSplit {
  const { attribution } = profiled;
  const bootMs = boot.get('readygraph')?.median;
  const floorMs = boot.get('floor')?.median;
  const owned = (owner: string): number => attribution.byOwner.get(owner) ?? 0;
  const ownProfiledMs = owned(owners.readygraph);
  const schedulingProfiledMs = attribution.readygraphByArea.get('runtime') ?? 0;
  const part = (ms: number): string => `${ms.toFixed(0)} ms (${((100 * ms) / attribution.totalMs).toFixed(0)} %)`;
  const other = attribution.totalMs - ownProfiledMs - owned(owners.inversify) - owned(owners.gc) - owned(owners.bench);
  const unprofiled = (profiledMs: number): number => (bootMs === undefined ? profiledMs : (profiledMs / attribution.totalMs) * bootMs);
  const ownMs = unprofiled(ownProfiledMs);
  const schedulingMs = unprofiled(schedulingProfiledMs);
  const note =
    `${profiled.scenario}, readygraph booted ${profiled.of} more times under the sampling profiler; the median boot by own code ` +
    `(${ms(profiled.bootMs)} ms with the profiler on): ` +
    `readygraph's own code ${part(ownProfiledMs)} — building and validating the graph ${part(ownProfiledMs - schedulingProfiledMs)}, ` +
    `scheduling (runtime/) ${part(schedulingProfiledMs)} —; Inversify ${part(owned(owners.inversify))}; GC ${part(owned(owners.gc))}; ` +
    `hooks and glue ${part(owned(owners.bench))}; other ${part(other)}. ` +
    (bootMs === undefined
      ? ''
      : `The same shares of the median boot without the profiler (${ms(bootMs)} ms): own code ${ms(ownMs)} ms, scheduling ${ms(schedulingMs)} ms. `) +
    `Own code = ${ratio(ownMs, floorMs)} the floor's whole boot, scheduling alone ${ratio(schedulingMs, floorMs)}.`;
  return { note, ownMs, schedulingMs, floorMs };
}

/**
 * readygraph's boot minus InversifyJS resolving the same graph: the median of that difference over the runs where
 * both booted (see Outcomes.pairedByRun), else the difference of the medians.
 */
function ownScheduling(
  scenario: LifecycleScenario,
  outcomes: Outcomes,
  boot: Map<string, Summary>,
): { readygraph: number; resolving: number; ms: number; floor: number; paired: boolean } | undefined {
  const readygraph = boot.get('readygraph')?.median;
  const resolving = boot.get('inversify-resolve')?.median;
  const floor = boot.get('floor')?.median;
  if (readygraph === undefined || resolving === undefined || floor === undefined) return undefined;
  const differences = outcomes.pairedByRun(scenario.id, 'readygraph', 'inversify-resolve', (a, b) => a.bootMs - b.bootMs);
  const paired = differences.length >= minimumPairs;
  const difference = paired ? summarize(differences).median : readygraph - resolving;
  return { readygraph, resolving, ms: Math.max(0, difference), floor, paired };
}

/** Fewer runs than this in common and a paired figure is not given: the medians are compared instead. */
const minimumPairs = 3;

function overheadTargets(scenario: LifecycleScenario, outcomes: Outcomes, targets: TargetCheck[], split: ProfileSplit | undefined): void {
  const boot = bootSummaries(scenario, outcomes);
  const readygraph = boot.get('readygraph')?.median;
  const inversify = boot.get('inversify')?.median;
  const ratios = outcomes.pairedByRun(scenario.id, 'readygraph', 'inversify', (a, b) => a.bootMs / b.bootMs);
  const paired = ratios.length >= minimumPairs ? summarize(ratios) : undefined;
  targets.push({
    target: `${scenario.id}: readygraph boot ≤ 1.0× InversifyJS getAsync`,
    measured:
      readygraph === undefined || inversify === undefined
        ? 'not measured'
        : `${ms(readygraph)} vs ${ms(inversify)} ms = ${ratio(readygraph, inversify, 3)}` +
          (paired === undefined
            ? ''
            : `; run by run ${paired.median.toFixed(3)}× (median of ${paired.runs}, ${paired.min.toFixed(2)}–${paired.max.toFixed(2)}×)`),
    // Judged run by run when there are enough runs: the ratio within one run is the one the machine's mood cancels out of.
    met: readygraph === undefined || inversify === undefined ? undefined : (paired?.median ?? readygraph / inversify) <= 1,
  });
  // The same boot on InversifyJS 6: readygraph reading the older container against 6's own getAsync boot.
  const onSix = boot.get('readygraph-inversify6')?.median;
  const six = boot.get('inversify6')?.median;
  const sixRatios = outcomes.pairedByRun(scenario.id, 'readygraph-inversify6', 'inversify6', (a, b) => a.bootMs / b.bootMs);
  const sixPaired = sixRatios.length >= minimumPairs ? summarize(sixRatios) : undefined;
  targets.push({
    target: `${scenario.id}: readygraph boot on InversifyJS 6 ≤ 1.15× InversifyJS 6 getAsync`,
    measured:
      onSix === undefined || six === undefined
        ? 'not measured'
        : `${ms(onSix)} vs ${ms(six)} ms = ${ratio(onSix, six, 3)}` +
          (sixPaired === undefined ? '' : `; run by run ${sixPaired.median.toFixed(3)}× (median of ${sixPaired.runs}, ${sixPaired.min.toFixed(2)}–${sixPaired.max.toFixed(2)}×)`),
    met: onSix === undefined || six === undefined ? undefined : (sixPaired?.median ?? onSix / six) <= 1.15,
  });
  const rivals = scenario.peers.filter((peer) => peer !== 'floor' && !peer.startsWith('readygraph') && peer !== 'inversify-resolve' && peer !== 'inversify6');
  // Only a full set of rivals can be beaten: a run limited with --only says nothing about the others.
  const compared = readygraph !== undefined && rivals.every((peer) => boot.get(peer) !== undefined) ? readygraph : undefined;
  const faster = rivals.filter((peer) => compared !== undefined && (boot.get(peer)?.median ?? Infinity) < compared);
  targets.push({
    target: `${scenario.id}: readygraph beats every peer (aim)`,
    measured: compared === undefined ? 'not measured' : faster.length === 0 ? 'fastest of all peers' : `slower than ${faster.map(labelOf).join(', ')}`,
    met: compared === undefined ? undefined : faster.length === 0,
  });
  const own = ownScheduling(scenario, outcomes, boot);
  const subtracted =
    own === undefined ? 'not measured' : `${ms(own.ms)} ms = ${ratio(own.ms, own.floor)}${own.paired ? ' (median of the differences run by run)' : ''}`;
  if (split === undefined || split.floorMs === undefined) {
    targets.push({
      target: `${scenario.id}: readygraph's own scheduling ≤ 3× the floor`,
      measured: `by subtraction (boot − InversifyJS resolving only): ${subtracted}`,
      met: own === undefined ? undefined : own.ms <= 3 * own.floor,
    });
  } else {
    targets.push({
      target: `${scenario.id}: readygraph's own scheduling ≤ 3× the floor`,
      measured:
        `own code by the profile ${ms(split.ownMs)} ms = ${ratio(split.ownMs, split.floorMs)} (graph build included; runtime/ alone ` +
        `${ms(split.schedulingMs)} ms = ${ratio(split.schedulingMs, split.floorMs)}); by subtraction ${subtracted}`,
      // Both readings must agree.
      met: split.ownMs <= 3 * split.floorMs && (own === undefined || own.ms <= 3 * own.floor),
    });
  }
  const rss = (peer: string): number | undefined => {
    const results = outcomes.lifecycle(scenario.id, peer).results;
    return results.length === 0 ? undefined : summarize(results.map((result) => result.rssMB)).median;
  };
  const readygraphRss = rss('readygraph');
  const inversifyRss = rss('inversify');
  targets.push({
    target: `${scenario.id}: peak RSS ≤ 1.2× InversifyJS alone`,
    measured:
      readygraphRss === undefined || inversifyRss === undefined
        ? 'not measured'
        : `${readygraphRss.toFixed(0)} vs ${inversifyRss.toFixed(0)} MB = ${ratio(readygraphRss, inversifyRss)}`,
    met: readygraphRss === undefined || inversifyRss === undefined ? undefined : readygraphRss <= 1.2 * inversifyRss,
  });
}

// ---- B and C -------------------------------------------------------------------------------------------------------

const spanNote =
  '**first hook → ready** leaves out the start-up before the first hook is called (creating the container, binding, ' +
  'building the graph: scenario A measures those) and so shows the scheduling alone.';

function parallelismSection(plan: Plan, outcomes: Outcomes, targets: TargetCheck[]): string {
  const { layers, width, hookMs } = plan.shape;
  const rows: string[][] = [];
  let ideal = 0;
  let serial = 0;
  for (const scenario of plan.lifecycle.filter((candidate) => candidate.group === 'B')) {
    const workload = workloadOf(scenario.workload);
    ideal = criticalPathMs(workload.dag, workload.startMs);
    serial = serialMs(workload.startMs);
    rows.push(...timedRows(scenario, outcomes, ideal));
    limitTarget(scenario, outcomes, ideal, `${scenario.id}: readygraph within 1.05× of ideal`, targets);
  }
  return [
    `## B — parallelism: ${layers} layers × ${width} services, ${hookMs} ms hooks`,
    '',
    `Ideal ${ms(ideal)} ms (one hook per layer); fully serial ${ms(serial)} ms. B2: each service depends on 2 random ` +
      'services of the layer before; Ball: on the whole layer before. ' +
      spanNote,
    '',
    table(['graph', 'peer', 'boot ms', '× ideal', '× floor', '× InversifyJS', 'first hook → ready ms', '× ideal', 'order'], rows),
  ].join('\n');
}

function unevenSection(plan: Plan, outcomes: Outcomes, targets: TargetCheck[]): string {
  const scenario = plan.lifecycle.find((candidate) => candidate.group === 'C');
  if (scenario === undefined) return '';
  const workload = workloadOf(scenario.workload);
  const critical = criticalPathMs(workload.dag, workload.startMs);
  limitTarget(scenario, outcomes, critical, 'C: readygraph within 1.05× of the critical path', targets);
  const [minMs, maxMs] = plan.shape.unevenMs;
  return [
    `## C — uneven hooks: ${plan.shape.unevenSize} services, random DAG (up to 3 dependencies each), hooks of ${minMs}–${maxMs} ms`,
    '',
    `Critical path (the physical limit) ${ms(critical)} ms; waiting level by level ${ms(levelByLevelMs(workload.dag, workload.startMs))} ms; ` +
      `fully serial ${ms(serialMs(workload.startMs))} ms. ${spanNote}`,
    '',
    table(
      ['graph', 'peer', 'boot ms', '× critical path', '× floor', '× InversifyJS', 'first hook → ready ms', '× critical path', 'order'],
      timedRows(scenario, outcomes, critical),
    ),
  ].join('\n');
}

function timedRows(scenario: LifecycleScenario, outcomes: Outcomes, limit: number): string[][] {
  const size = workloadOf(scenario.workload).dag.size;
  const boot = bootSummaries(scenario, outcomes);
  return scenario.peers.map((peer) => {
    const summary = boot.get(peer);
    const { results, errors } = outcomes.lifecycle(scenario.id, peer);
    if (summary === undefined) return [scenario.id, labelOf(peer), failed(errors), '', '', '', '', '', ''];
    const span = summarize(results.map((result) => result.hookSpanMs));
    return [
      scenario.id,
      labelOf(peer),
      spread(summary),
      ratio(summary.median, limit),
      ratio(summary.median, boot.get('floor')?.median),
      ratio(summary.median, boot.get('inversify')?.median),
      spread(span),
      ratio(span.median, limit),
      startOrder(peer, results, size),
    ];
  });
}

function limitTarget(scenario: LifecycleScenario, outcomes: Outcomes, limit: number, target: string, targets: TargetCheck[]): void {
  const readygraph = bootSummaries(scenario, outcomes).get('readygraph')?.median;
  const { results } = outcomes.lifecycle(scenario.id, 'readygraph');
  const span = results.length === 0 ? undefined : summarize(results.map((result) => result.hookSpanMs)).median;
  targets.push({
    target,
    measured:
      readygraph === undefined || span === undefined
        ? 'not measured'
        : `whole boot ${ms(readygraph)} vs ${ms(limit)} ms = ${ratio(readygraph, limit, 3)}; first hook → ready ${ratio(span, limit, 3)}`,
    met: readygraph === undefined ? undefined : readygraph <= 1.05 * limit,
  });
}

// ---- D -------------------------------------------------------------------------------------------------------------

function stopSection(plan: Plan, outcomes: Outcomes): string {
  const rows: string[][] = [];
  for (const scenario of plan.lifecycle.filter((candidate) => candidate.reportStop)) {
    const workload = workloadOf(scenario.workload);
    const limit = scenario.group === 'C' ? criticalPathMs(workload.dag, workload.stopMs) : undefined;
    const stop = summaries(scenario, outcomes, (result) => result.stopMs);
    for (const peer of scenario.peers) {
      if (!peerById(peer).callsHooks) continue;
      const { results, errors } = outcomes.lifecycle(scenario.id, peer);
      const summary = stop.get(peer);
      if (summary === undefined) {
        rows.push([scenario.id, labelOf(peer), failed(errors), '', '', '', '']);
        continue;
      }
      rows.push([
        scenario.id,
        labelOf(peer),
        spread(summary),
        limit === undefined ? '—' : ratio(summary.median, limit),
        ratio(summary.median, stop.get('floor')?.median),
        ratio(summary.median, stop.get('inversify')?.median),
        stopOrder(results, workload.dag.size),
      ]);
    }
  }
  return [
    '## D — stop: the reverse of A and C',
    '',
    'Timed from the call that stops the application to its end; every stop hook must run after the stop hooks of the ' +
      'services that depend on it. In C the stop hooks take as long as the start hooks, so the limit is the same critical path.',
    '',
    table(['case', 'peer', 'stop ms', '× critical path', '× floor', '× InversifyJS', 'order'], rows),
  ].join('\n');
}

// ---- F -------------------------------------------------------------------------------------------------------------

/** What issue 11 allows a restart over its critical path: one failed service, and a storm of every service at once. */
const restartTarget = { single: 1.05, storm: 1.1 } as const;

function restartSection(plan: Plan, outcomes: Outcomes, targets: TargetCheck[]): string {
  if (plan.restart.length === 0) return '';
  const rows: string[][] = [];
  for (const scenario of plan.restart) {
    const { dag, startMs, stopMs } = workloadOf(scenario.workload);
    const restart = restartCaseOf(dag, scenario.failing);
    const limit = restartCriticalPathMs(dag, restart, startMs, stopMs);
    const who = scenario.failing === 'storm' ? `all ${dag.size}` : `S${restart.failed[0] ?? '?'}`;
    const { results, errors } = outcomes.restart(scenario.id, 'readygraph');
    const allowed = scenario.failing === 'storm' ? restartTarget.storm : restartTarget.single;
    const target = `${scenario.id}: fail() → ready within ${allowed.toFixed(2)}× the restart's critical path`;
    if (results.length === 0) {
      rows.push([scenario.id, who, String(restart.members.length), ms(limit), failed(errors), '', '', '', '', '', '']);
      targets.push({ target, measured: 'not measured', met: undefined });
      continue;
    }
    const time = summarize(results.map((result) => result.restartMs));
    const again = summarize(results.map((result) => result.againMs));
    const overHooks = summarize(results.map((result) => result.restartMs / result.hooksCriticalPathMs));
    rows.push([
      scenario.id,
      who,
      String(restart.members.length),
      ms(limit),
      spread(time),
      ratio(time.median, limit, 3),
      `${overHooks.median.toFixed(3)}×`,
      spread(again),
      ratio(again.median, limit, 3),
      restartHooks(results, restart.members.length),
      restartOrder(results),
    ]);
    targets.push({
      target,
      measured:
        `first restart ${ms(time.median)} vs ${ms(limit)} ms = ${ratio(time.median, limit, 3)} (again: ${ratio(again.median, limit, 3)}; ` +
        `over the hooks' actual critical path ${overHooks.median.toFixed(3)}×); ` +
        restartHooks(results, restart.members.length),
      met: time.median <= allowed * limit && results.every((result) => result.miscalled === 0 && result.orderViolations === 0),
    });
  }
  const size = plan.shape.unevenSize;
  return [
    `## F — restart latency: C's ${size} services, each \`@supervise({ restart: 'on-failure' })\` with zero backoff`,
    '',
    "readygraph only: the peers have no restarts. **k**: one service fails (its context's `fail()`) and exactly k of its " +
      'dependents restart with it (`restartWithDependencies`; the failed service is the first with k dependents, the k ' +
      'are its first k dependents); its other dependents stay up, held unavailable. **storm**: every service fails at once ' +
      'and every one restarts with its dependencies, so the restart sets overlap. Timed from the first `fail()` to the ' +
      "lifecycle's `ready` event (its state `ready` again); **again**: the same failures once more in the same process, " +
      "the restart with its code warm (the target is judged on the first). **× hooks' actual critical path**: the first " +
      'restart over the same critical path computed with the durations its hooks actually took (a timer overshoots, ' +
      "more so on a busy machine): what is left above 1 is readygraph's own time between the hooks. The **critical path** is the restart's physical limit with the " +
      "workload's hook durations: the members' stops in reverse order within each restart set, then the starts as " +
      'their dependencies allow (for one failed service: the stops\' critical path through its restart set plus the ' +
      "starts'). **hooks**: in each restart, each member's `onStop` and `onReady` called once, every other service's not at all.",
    '',
    table(['case', 'failed', 'restart set', 'critical path ms', 'fail() → ready ms', '× critical path', "× hooks' actual critical path", 'again ms', '× critical path', 'hooks', 'order'], rows),
  ].join('\n');
}

function restartHooks(results: readonly { stopCalls: number; startCalls: number; miscalled: number }[], members: number): string {
  const worst = results.reduce((a, b) => (b.miscalled > a.miscalled ? b : a));
  return worst.miscalled === 0
    ? `${members} × onStop, ${members} × onReady, each once ✓`
    : `✗ ${worst.miscalled} services called more or less than once (${worst.stopCalls} onStop, ${worst.startCalls} onReady for ${members})`;
}

function restartOrder(results: readonly { orderViolations: number }[]): string {
  const early = Math.max(...results.map((result) => result.orderViolations));
  return early === 0 ? '✓' : `✗ ${early} out of order`;
}

// ---- E -------------------------------------------------------------------------------------------------------------

function graphSection(plan: Plan, outcomes: Outcomes, targets: TargetCheck[]): string {
  const rows: string[][] = [];
  const totals = new Map<string, Array<{ size: number; median: number }>>();
  for (const scenario of plan.graph) {
    const floorResults = outcomes.graph(scenario.id, 'floor').results;
    const floorTotal = floorResults.length === 0 ? undefined : summarize(floorResults.map(totalMs)).median;
    for (const peer of ['readygraph', 'floor'] as const) {
      const { results, errors } = outcomes.graph(scenario.id, peer);
      const first = results[0];
      if (first === undefined) {
        rows.push([scenario.size.toLocaleString('en-US'), '', labelOf(peer), failed(errors), '', '', '', '', '', '', '']);
        continue;
      }
      const total = summarize(results.map(totalMs));
      const history = totals.get(peer) ?? [];
      const previous = history[history.length - 1];
      history.push({ size: scenario.size, median: total.median });
      totals.set(peer, history);
      rows.push([
        scenario.size.toLocaleString('en-US'),
        first.edges.toLocaleString('en-US'),
        labelOf(peer),
        peer === 'floor' ? '—' : spread(summarize(results.map((result) => result.bindMs))),
        spread(summarize(results.map((result) => result.buildMs))),
        ms(summarize(results.map((result) => result.mermaidMs)).median),
        ms(summarize(results.map((result) => result.dotMs)).median),
        spread(total),
        ((total.median * 1000) / scenario.size).toFixed(2),
        previous === undefined ? '—' : `${ratio(total.median, previous.median)} for ${ratio(scenario.size, previous.size)} nodes`,
        ratio(total.median, floorTotal),
      ]);
    }
  }
  const readygraph = totals.get('readygraph') ?? [];
  readygraph.forEach((point, index) => {
    const previous = readygraph[index - 1];
    if (previous === undefined) return;
    const factor = point.size / previous.size;
    targets.push({
      target: `E linear: ${previous.size.toLocaleString('en-US')} → ${point.size.toLocaleString('en-US')} nodes costs ≤ ${(1.2 * factor).toFixed(0)}× the time`,
      measured: `${ms(previous.median)} → ${ms(point.median)} ms = ${ratio(point.median, previous.median)}`,
      met: point.median <= 1.2 * factor * previous.median,
    });
  });
  return [
    '## E — graph only: build, validate (cycle check included) and render, without constructing anything',
    '',
    'readygraph: `lifecycle.graph()` on a container with one binding per node (binding timed apart), then `toMermaid()` ' +
      'and `toDot()`. The floor: Kahn over plain arrays (levels and cycle check), then the same two texts. Growth compares ' +
      'graph()+render with the row 10× smaller.',
    '',
    table(
      ['nodes', 'edges', 'peer', 'bind ms', 'graph() ms', 'toMermaid ms', 'toDot ms', 'graph()+render ms', 'µs / node', 'growth', '× floor'],
      rows,
    ),
  ].join('\n');
}

function totalMs(result: { buildMs: number; mermaidMs: number; dotMs: number }): number {
  return result.buildMs + result.mermaidMs + result.dotMs;
}

// ---- shared --------------------------------------------------------------------------------------------------------

/** Per peer of `scenario` that has results, the summary of `measure` over its runs. */
function summaries(scenario: LifecycleScenario, outcomes: Outcomes, measure: (result: LifecycleResult) => number): Map<string, Summary> {
  const byPeer = new Map<string, Summary>();
  for (const peer of scenario.peers) {
    const { results } = outcomes.lifecycle(scenario.id, peer);
    if (results.length > 0) byPeer.set(peer, summarize(results.map(measure)));
  }
  return byPeer;
}

function bootSummaries(scenario: LifecycleScenario, outcomes: Outcomes): Map<string, Summary> {
  return summaries(scenario, outcomes, (result) => result.bootMs);
}

function startOrder(peer: string, results: readonly LifecycleResult[], size: number): string {
  if (!peerById(peer).callsHooks) return '— (no hooks)';
  const missing = results.find((result) => result.started !== size);
  if (missing !== undefined) return `✗ ${missing.started}/${size} started`;
  const duplicates = Math.max(...results.map((result) => result.duplicates));
  if (duplicates > 0) return `✗ ${duplicates} hooks ran twice`;
  const early = Math.max(...results.map((result) => result.startViolations));
  return early === 0 ? '✓' : `✗ ${early} started early`;
}

function stopOrder(results: readonly LifecycleResult[], size: number): string {
  const missing = results.find((result) => result.stopped !== size);
  if (missing !== undefined) return `✗ ${missing.stopped}/${size} stopped`;
  const early = Math.max(...results.map((result) => result.stopViolations));
  return early === 0 ? '✓' : `✗ ${early} stopped early (no stop order)`;
}

function labelOf(peer: string): string {
  return peerById(peer).label;
}

/** The cell of a row without results: its first error, or 'not run' (a row that --only left out). */
function failed(errors: readonly string[]): string {
  const first = errors[0];
  return first === undefined ? 'not run' : `failed: ${firstLine(first)}`;
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim().replaceAll('|', '\\|').slice(0, 160);
}
