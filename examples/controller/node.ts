// One controller process: `node build/examples/controller/node.js --config <file>`.
// stdout carries its log, pino JSON lines, the node's events among them (see src/app/NodeEvent.ts).
// SIGINT/SIGTERM (readygraph's stopOnSignals) or the cluster runner going away stop it gracefully: every service in
// reverse order, exit 0. Once started it logs its start-up report and writes it as an SVG to <dataDir>.
import 'reflect-metadata';
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lifecycle, readygraphProbes, renderReportSvg } from 'readygraph';
import { logEvent } from './src/app/logEvent.js';
import { Config } from './src/config/Config.js';
import { RaftGateway } from './src/consensus/RaftGateway.js';
import { RaftNode } from './src/consensus/RaftNode.js';
import { createContainer } from './src/app/createContainer.js';
import { logLifecycle } from './src/app/logLifecycle.js';
import { RuntimeHealth } from './src/app/RuntimeHealth.js';
import { createNodeLogger, runNode } from './src/app/runNode.js';
import { XWeb } from './src/web/XWeb.js';

const options = new Command()
  .name('controller-node')
  .description('one controller of the example cluster')
  .option('-c, --config <file>', 'the configuration file (JSON)')
  .addOption(new Option('--print-graph <format>', 'print the readiness graph and exit').choices(['mermaid', 'dot', 'json']))
  .parse()
  .opts<{ config?: string; printGraph?: 'mermaid' | 'dot' | 'json' }>();

const logger = createNodeLogger();
const health = new RuntimeHealth();
const container = createContainer({ config: { file: options.config ?? '' }, logger, health });
const lifecycle = new Lifecycle(container);

if (options.printGraph !== undefined) {
  const graph = lifecycle.graph();
  const text = { mermaid: () => graph.toMermaid(), dot: () => graph.toDot(), json: () => JSON.stringify(graph.toJSON(), null, 2) }[options.printGraph]();
  process.stdout.write(`${text}\n`);
  process.exit(0);
}
if (options.config === undefined) {
  process.stderr.write('controller-node: --config <file> is required\n');
  process.exit(2);
}

let stopRequested = false;
logLifecycle(lifecycle, logger);
lifecycle.on('stopping', () => (stopRequested = true));
// The first SIGINT/SIGTERM stops every service in reverse order and exits 0 (1 if a stop failed); a second one, or
// a stop still running after 20 s, exits at once naming the hooks that hang.
lifecycle.stopOnSignals({ signals: ['SIGINT', 'SIGTERM'], forceAfterMs: 20_000, report: (message) => logger.warn(message) });
// Reads of the replicated services wait until the Raft node is available (joined, a leader known), not merely attached.
container.get(RaftGateway).useAvailability(async (signal) => lifecycle.whenReady(RaftNode, { signal }));
// SIGHUP re-reads the configuration file; a changed web section (listen port, advertised address) restarts the web
// layer, and the mesh with it (@supervise({ restartWithDependencies: true })), without a restart of the process.
process.on('SIGHUP', () => {
  void (async () => {
    try {
      const { webChanged } = await container.get(Config).reload();
      logEvent(logger, { type: 'config:reloaded', webChanged });
      if (webChanged) await lifecycle.restart(XWeb);
    } catch (error) {
      logEvent(logger, { type: 'config:reload-failed', error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
health.attach(lifecycle, async (server, { drainDelayMs }) => {
  await server.register(readygraphProbes, { lifecycle, drainDelayMs });
});
runNode(lifecycle, logger, {
  stopRequested: () => stopRequested,
  // The start-up waterfall, next to the node's data.
  writeSvg: (report) => {
    const file = join(container.get(Config).value.dataDir, 'startup-report.svg');
    writeFileSync(file, renderReportSvg(report));
    return file;
  },
});
