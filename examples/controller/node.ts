// One controller process: `node build/examples/controller/node.js --config <file> [--unordered]`.
// stdout carries the node's events (one JSON object a line, see src/app/NodeEvent.ts); logs go to stderr.
// SIGINT/SIGTERM (readygraph's stopOnSignals) or the cluster runner going away stop it gracefully: every service in
// reverse order, exit 0. Once started it prints its start-up report and writes it as an SVG to <dataDir>.
import 'reflect-metadata';
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lifecycle, ReadyGraphError, renderReportSvg, type StartupReport } from 'readygraph';
import { Config } from './src/config/Config.js';
import { createContainer } from './src/app/createContainer.js';
import { EventJournal } from './src/app/EventJournal.js';
import { journalLifecycle } from './src/app/journalLifecycle.js';
import { RuntimeHealth } from './src/app/RuntimeHealth.js';
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

const health = new RuntimeHealth();
const container = createContainer({ config: { file: options.config ?? '' }, journal, logger, health });

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

let stopRequested = false;
let runtime: ControllerRuntime;
if (options.unordered) {
  // The seed's runtime is not a readygraph Lifecycle: it keeps the seed's hand-written signal handling.
  runtime = new SeedStartup(container, journal);
  journal.record({ type: 'graph', mode: 'unordered', services: [], levels: [] });
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} else {
  const lifecycle = new Lifecycle(container);
  journalLifecycle(lifecycle, journal);
  lifecycle.on('stopping', () => (stopRequested = true));
  // The first SIGINT/SIGTERM stops every service in reverse order and exits 0 (1 if a stop failed); a second one, or
  // a stop still running after 20 s, exits at once naming the hooks that hang.
  lifecycle.stopOnSignals({ signals: ['SIGINT', 'SIGTERM'], forceAfterMs: 20_000, report: (message) => logger.warn(message) });
  runtime = lifecycle;
}
health.attach(runtime);
const started = runtime;

let stopping: Promise<void> | undefined;
/** Stops the runtime and exits: for the seed's signals, and for the runner going away. */
function shutdown(): void {
  stopRequested = true;
  stopping ??= (async () => {
    try {
      await started.stop();
      process.exit(0);
    } catch (error) {
      process.stderr.write(`controller-node: stop failed: ${describe(error)}\n`);
      process.exit(1);
    }
  })();
}
// Started by the cluster runner with an IPC channel: if the runner dies, so does this node (gracefully).
if (process.send !== undefined) process.on('disconnect', shutdown);

try {
  await started.start();
  journal.record({ type: 'ready' });
  journal.record({ type: 'report', report: started.report(), svgFile: writeSvgReport(started.report()) });
} catch (error) {
  // A start aborted by a stop (a signal, the runner leaving) is not a failure: the stop is under way and will exit.
  if (!stopRequested) {
    journal.record({ type: 'start-failed', error: describe(error) });
    journal.record({ type: 'report', report: started.report() });
    process.stderr.write(`controller-node: start-up failed: ${describe(error)}\n`);
    process.exit(1);
  }
}

/** Writes the start-up waterfall next to the node's data; returns its path. */
function writeSvgReport(report: StartupReport): string {
  const file = join(container.get(Config).value.dataDir, 'startup-report.svg');
  writeFileSync(file, renderReportSvg(report));
  return file;
}
/** The error's message, and for a failed start-up each root cause its message does not already show. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ReadyGraphError)) return message;
  const causes = (error.failures ?? []).map((failure) => `${failure.service}: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
  return [message, ...causes.filter((cause) => !message.includes(cause.slice(cause.indexOf(': ') + 2)))].join('\n  ');
}
