// The race demo's controller process (`npm start -- --unordered` runs three of them):
//   node build/examples/controller/race/raceNode.js --config <file> --web-config-delay-ms <n>
// The same controller, services and configuration file as node.ts, with two changes that reproduce the original
// controller's start-up race, kept here so that the controller itself carries no demo switch: its web layer takes
// `--web-config-delay-ms` to load its configuration (as loading identities and certificates does), and its services
// are started by the original's hand-written main (UnorderedStartup), without a readiness graph.
import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { createContainer } from '../src/app/createContainer.js';
import { logEvent } from '../src/app/logEvent.js';
import { RuntimeHealth } from '../src/app/RuntimeHealth.js';
import { createNodeLogger, runNode } from '../src/app/runNode.js';
import { WebConfigLoader } from '../src/tokens.js';
import { loadWebConfig, type WebConfigLoader as Loader } from '../src/web/loadWebConfig.js';
import { handWrittenProbes } from './handWrittenProbes.js';
import { UnorderedStartup } from './UnorderedStartup.js';

const options = new Command()
  .name('race-node')
  .description('one controller started the way the original did, without readiness ordering')
  .requiredOption('-c, --config <file>', 'the configuration file (JSON)')
  .option('--web-config-delay-ms <ms>', 'how long the web layer takes to load its configuration', (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError(`expected an integer >= 0, got "${value}"`);
    return parsed;
  }, 0)
  .parse()
  .opts<{ config: string; webConfigDelayMs: number }>();

const logger = createNodeLogger();
const health = new RuntimeHealth();
const container = createContainer({ config: { file: options.config }, logger, health });
const slowLoader: Loader = async (web, signal) => {
  await sleep(options.webConfigDelayMs, undefined, { signal });
  return loadWebConfig(web, signal);
};
container.rebind(WebConfigLoader).toConstantValue(slowLoader);

const startup = new UnorderedStartup(container, logger);
health.attach(startup, async (server) => {
  await server.register(handWrittenProbes, { status: () => startup.status() });
});
logEvent(logger, { type: 'graph', mode: 'unordered', services: [], levels: [] });
// The original's hand-written signal handling: the first SIGINT/SIGTERM stops what started, last first.
const { shutdown } = runNode(startup, logger, { stopRequested: () => false });
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
