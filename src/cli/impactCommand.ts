import type { Command } from 'commander';
import type { ReadinessGraph, ResolvedSupervisionPolicy } from '../index.js';
import { CliError } from './CliError.js';
import type { CliOutput } from './CliOutput.js';
import { jsonText } from './jsonText.js';
import { loadLifecycle } from './loadLifecycle.js';
import { policyJson, type PolicyJson } from './policyJson.js';

/** What a restart of the service touches (each list in binding order; the service itself is in none of them). */
interface WhileRestarting {
  /** The services that restart with it (`restartWithDependencies`). */
  readonly restartsWith: readonly string[];
  readonly heldUnavailable: readonly string[];
  readonly keepsRunning: readonly string[];
}

/** What giving up on the service does: the whole lifecycle stops (`escalate: true`), or only part of it. */
type WhenGivingUp =
  | { readonly stopsTheLifecycle: true }
  | { readonly stopsTheLifecycle: false; readonly stops: readonly string[]; readonly heldUnavailable: readonly string[]; readonly keepsRunning: readonly string[] };

/** `readygraph impact --json`. */
interface ImpactReport {
  readonly service: string;
  readonly policy: PolicyJson;
  /** `null` for `restart: 'never'`: a failure after the start is given up at once. */
  readonly whileRestarting: WhileRestarting | null;
  readonly whenGivingUp: WhenGivingUp;
}

/**
 * `readygraph impact <module> <service>`: what a failure of that service touches, outcome by outcome, so that no
 * service is ever listed both as stopped and as running — while it restarts (what restarts with it, apart from the
 * service itself; what is held unavailable; what keeps running), and once supervision gives up (the whole lifecycle
 * stops, or the service and what restarts with it stop). Pure graph work: nothing is constructed. Policies are each
 * class's `@supervise` over the Lifecycle's `supervise` option (the library's defaults for a module that exports a
 * container).
 */
export function addImpactCommand(program: Command, output: CliOutput, validated: (build: () => ReadinessGraph) => ReadinessGraph): void {
  program
    .command('impact')
    .description('print what a failure of a service touches: what restarts with it, what is held unavailable, what keeps running, and what giving up stops')
    .argument('<module>', 'an ES module exporting `container`, `lifecycle` or a default container')
    .argument('<service>', "the service's name as `readygraph graph` prints it")
    .option('--json', 'print it as JSON (Infinity as null)')
    .action(async (modulePath: string, service: string, options: { json?: true }) => {
      const lifecycle = await loadLifecycle(modulePath);
      const graph = validated(() => lifecycle.graph());
      const node = graph.nodes.find((candidate) => candidate.name === service);
      if (node === undefined) throw new CliError(`${modulePath} has no lifecycle service "${service}"; its services are: ${graph.nodes.map((each) => each.name).join(', ')}`, 2);
      const report = impactOf(graph, service, policyJson(graph, node));
      output.out(options.json === true ? `${jsonText(report)}\n` : impactText(report, graph.supervisionOf(service)));
    });
}

function impactOf(graph: ReadinessGraph, service: string, policy: PolicyJson): ImpactReport {
  const impact = graph.restartImpact(service);
  const restartsWith = impact.restarts.filter((name) => name !== service);
  const whenGivingUp: WhenGivingUp = policy.escalate
    ? { stopsTheLifecycle: true }
    : { stopsTheLifecycle: false, stops: [service, ...restartsWith], heldUnavailable: impact.heldUnavailable, keepsRunning: impact.keepsRunning };
  return {
    service,
    policy,
    whileRestarting: policy.restart === 'never' ? null : { restartsWith, heldUnavailable: impact.heldUnavailable, keepsRunning: impact.keepsRunning },
    whenGivingUp,
  };
}

function impactText(report: ImpactReport, policy: ResolvedSupervisionPolicy): string {
  const { service, whileRestarting, whenGivingUp } = report;
  const list = (items: readonly string[]): string => (items.length === 0 ? '(none)' : items.join(', '));
  const lines = [`A failure of ${service} (restart: '${policy.restart}', escalate: ${String(policy.escalate)}):`];
  if (whileRestarting !== null) {
    lines.push(
      `  while it restarts (at most ${policy.maxRestarts} restart(s) within ${policy.withinMs} ms):`,
      `    restarts with it (${whileRestarting.restartsWith.length}): ${list(whileRestarting.restartsWith)}`,
      `    held unavailable (${whileRestarting.heldUnavailable.length}): ${list(whileRestarting.heldUnavailable)}`,
      `    keeps running (${whileRestarting.keepsRunning.length}): ${list(whileRestarting.keepsRunning)}`,
    );
  }
  const givingUp = whileRestarting === null ? '  supervision gives up at once' : `  when supervision gives up (a failure past ${policy.maxRestarts} restart(s) within ${policy.withinMs} ms)`;
  if (whenGivingUp.stopsTheLifecycle) {
    lines.push(`${givingUp}: the whole lifecycle stops, in reverse order, and ends failed (whenStopped() rejects with ERR_READYGRAPH_GAVE_UP)`);
  } else {
    lines.push(
      `${givingUp}:`,
      `    stops (${whenGivingUp.stops.length}): ${list(whenGivingUp.stops)}; ${service} stays failed until lifecycle.restart()`,
      `    held unavailable (${whenGivingUp.heldUnavailable.length}): ${list(whenGivingUp.heldUnavailable)}`,
      `    keeps running (${whenGivingUp.keepsRunning.length}): ${list(whenGivingUp.keepsRunning)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
