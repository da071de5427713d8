import type { Command } from 'commander';
import type { ReadinessGraph, ResolvedSupervisionPolicy } from '../index.js';
import { CliError } from './CliError.js';
import type { CliOutput } from './CliOutput.js';
import { loadLifecycle } from './loadLifecycle.js';

/**
 * `readygraph impact <module> <service>`: what a failure of that service touches — what restarts with it, what is
 * held unavailable meanwhile, what keeps running — and what its policy does about the failure. Pure graph work: nothing
 * is constructed. Policies are each class's `@supervise` over the Lifecycle's `supervise` option (the library's
 * defaults for a module that exports a container).
 */
export function addImpactCommand(program: Command, output: CliOutput, validated: (build: () => ReadinessGraph) => ReadinessGraph): void {
  program
    .command('impact')
    .description('print what a failure of a service touches: what restarts with it, what is held unavailable, what keeps running')
    .argument('<module>', 'an ES module exporting `container`, `lifecycle` or a default container')
    .argument('<service>', "the service's name as `readygraph graph` prints it")
    .option('--json', 'print it as JSON')
    .action(async (modulePath: string, service: string, options: { json?: true }) => {
      const lifecycle = await loadLifecycle(modulePath);
      const graph = validated(() => lifecycle.graph());
      const names = graph.nodes.map((node) => node.name);
      if (!names.includes(service)) throw new CliError(`${modulePath} has no lifecycle service "${service}"; its services are: ${names.join(', ')}`, 2);
      const impact = graph.restartImpact(service);
      const report = {
        service,
        onFailure: onFailure(graph.supervisionOf(service)),
        restarts: impact.restarts,
        heldUnavailable: impact.heldUnavailable,
        keepsRunning: impact.keepsRunning,
      };
      if (options.json === true) return output.out(`${JSON.stringify(report, null, 2)}\n`);
      const list = (items: readonly string[]): string => (items.length === 0 ? '(none)' : items.join(', '));
      output.out(
        `A failure of ${service}: ${report.onFailure}\n` +
          `  restarts with it (${report.restarts.length}): ${list(report.restarts)}\n` +
          `  held unavailable (${report.heldUnavailable.length}): ${list(report.heldUnavailable)}\n` +
          `  keeps running (${report.keepsRunning.length}): ${list(report.keepsRunning)}\n`,
      );
    });
}

/** What supervision does about a failure, in a sentence. */
function onFailure(policy: ResolvedSupervisionPolicy): string {
  const givingUp = policy.escalate
    ? 'giving up stops the whole lifecycle'
    : 'giving up stops the restart set and leaves the service failed until lifecycle.restart()';
  if (policy.restart === 'never') return `restart: 'never', so supervision gives up at once; ${givingUp}`;
  return `restarted (at most ${policy.maxRestarts} restart(s) within ${policy.withinMs} ms); then ${givingUp}`;
}
