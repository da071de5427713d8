// One controller process: `node build/examples/controller/node.js --config <file> [--unordered]`.
// stdout carries the node's events (one JSON object a line, see src/app/NodeEvent.ts); logs go to stderr.
// SIGINT/SIGTERM (or the cluster runner going away) stop it gracefully: every service in reverse order, exit 0.
import 'reflect-metadata';
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { Lifecycle, ReadyGraphError } from 'readygraph';
import { createContainer } from './src/app/createContainer.js';
import { EventJournal } from './src/app/EventJournal.js';
import { journalLifecycle } from './src/app/journalLifecycle.js';
import type { ControllerRuntime } from './src/app/RuntimeStatus.js';
import { SeedStartup } from './src/app/SeedStartup.js';

const options = new Command()
  .name('controller-node')
  .description('one controller of the example cluster')
  .option('-c, --config <file>', 'the configuration file (JSON)')
  .option('--unordered', 'start the services the way the seed did, without readiness ordering', false)
  .addOption(new Option('--print-graph <format>', 'print the readiness graph and exit').choices(['mermaid', 'dot', 'json']))
  .parse()
  .opts<{ config?: string; unordered: boolean; printGraph?: 'mermaid' | 'dot' | 'json' }>();

const journal = new EventJournal();
journal.subscribe((event) => process.stdout.write(`${JSON.stringify(event)}\n`));
const logger = pino({ level: 'info', base: { pid: process.pid } }, pino.destination({ fd: 2, sync: true }));

let runtime: ControllerRuntime | undefined;
const container = createContainer({
  configFile: options.config ?? '',
  journal,
  logger,
  health: { status: () => runtime?.status() ?? { state: 'idle', services: [] } },
});

if (options.printGraph !== undefined) {
  const graph = new Lifecycle(container).graph();
  const text = { mermaid: () => graph.toMermaid(), dot: () => graph.toDot(), json: () => JSON.stringify(graph.toJSON(), null, 2) }[options.printGraph]();
  process.stdout.write(`${text}\n`);
  process.exit(0);
}
if (options.config === undefined) {
  process.stderr.write('controller-node: --config <file> is required\n');
  process.exit(2);
}

if (options.unordered) {
  runtime = new SeedStartup(container, journal);
  journal.record({ type: 'graph', mode: 'unordered', services: [], levels: [] });
} else {
  const lifecycle = new Lifecycle(container);
  journalLifecycle(lifecycle, journal);
  runtime = lifecycle;
}
const started = runtime;

let stopping: Promise<void> | undefined;
function shutdown(): void {
  stopping ??= (async () => {
    journal.record({ type: 'stopping' });
    try {
      await started.stop();
      journal.record({ type: 'stopped' });
      process.exit(0);
    } catch (error) {
      process.stderr.write(`controller-node: stop failed: ${describe(error)}\n`);
      process.exit(1);
    }
  })();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// Started by the cluster runner with an IPC channel: if the runner dies, so does this node (gracefully).
if (process.send !== undefined) process.on('disconnect', shutdown);

try {
  await started.start();
  journal.record({ type: 'ready' });
} catch (error) {
  // A start aborted by a signal is not a failure: shutdown() is already stopping and will exit.
  if (stopping === undefined) {
    journal.record({ type: 'start-failed', error: describe(error) });
    process.stderr.write(`controller-node: start-up failed: ${describe(error)}\n`);
    process.exit(1);
  }
}

/** The error's message, and for a failed start-up each root cause its message does not already show. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ReadyGraphError)) return message;
  const causes = (error.failures ?? []).map((failure) => `${failure.service}: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
  return [message, ...causes.filter((cause) => !message.includes(cause.slice(cause.indexOf(': ') + 2)))].join('\n  ');
}
