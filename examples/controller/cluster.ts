// The cluster runner (`npm start`): boots a cluster of controllers on loopback, one child process each, shows each
// one's readiness timeline and what every controller learnt from its peers, and runs until Ctrl-C, which stops every
// controller gracefully (each in reverse readiness order).
//
//   npm start                                          interactive, ordered by readygraph
//   npm start -- --unordered                           the race demo: the original's start-up, which advertised empty API addresses
//   npm start --silent -- --once --json [--unordered]  wait until the cluster settles, print ONE JSON line, stop, exit 0
//
// Whatever ends it (Ctrl-C, SIGTERM, --once, the reader of its stdout going away as when `npm start | tee log` is
// interrupted), it stops every controller, removes their temporary directory and exits 0 if all stopped cleanly.
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, InvalidArgumentError } from 'commander';
import { Cluster, reportOf, type ClusterSummary } from './src/cluster/Cluster.js';
import { describeEvent, renderClusterView, renderRaftView, renderTimelines } from './src/cluster/render.js';

const integer = (minimum: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw new InvalidArgumentError(`expected an integer >= ${minimum}, got "${value}"`);
  return parsed;
};

const options = new Command()
  .name('cluster')
  .description('boot a cluster of example controllers on loopback')
  .option('--once', 'wait until the cluster settles (or --timeout), report, stop it and exit', false)
  .option('--json', 'report as one JSON line on stdout (and nothing else)', false)
  .option('--unordered', 'the race demo: start each controller the way the original did, without readiness ordering', false)
  .option('--nodes <count>', 'number of controllers', integer(1), 3)
  .option('--seed <n>', 'random seed of the start jitter (and of the race demo’s web configuration delays)', integer(0), 1)
  .option('--jitter <ms>', 'largest start jitter between controllers', integer(0), 300)
  .option('--timeout <ms>', 'how long to wait for the cluster to settle', integer(1), 20_000)
  .parse()
  .opts<{ once: boolean; json: boolean; unordered: boolean; nodes: number; seed: number; jitter: number; timeout: number }>();

// A reader that went away (EPIPE: `npm start | tee log` interrupted) is not a crash: stop writing, stop the cluster.
let stdoutOpen = true;
let onStdoutClosed = () => {}; // stops the cluster, once there is one
process.stdout.on('error', () => {
  stdoutOpen = false;
  onStdoutClosed();
});
const out = (line: string) => {
  if (stdoutOpen) process.stdout.write(`${line}\n`);
};
const live = options.json ? undefined : out;

const width = `ctrl-${options.nodes}`.length;
const cluster = await Cluster.start({
  size: options.nodes,
  ordered: !options.unordered,
  seed: options.seed,
  jitterMs: options.jitter,
  onEvent: (node, event) => {
    const text = describeEvent(event);
    if (text !== undefined) live?.(`${node.padEnd(width)}  +${String(event.t).padStart(5)} ms  ${text}`);
  },
});

// However this process ends, the controllers' temporary directory goes with it (stop() removes it; this is for an exit
// that could not wait for the controllers).
process.once('exit', () => cluster.removeData());

let stopping: Promise<never> | undefined;
function shutdown(signal: string): Promise<never> {
  stopping ??= (async () => {
    live?.(`\n${signal}: stopping every controller (each stops its services in reverse order)…`);
    const exits = await cluster.stop('SIGTERM');
    const clean = exits.every((exit) => exit.code === 0);
    live?.(clean ? `all ${exits.length} controllers stopped cleanly` : `some controllers did not stop cleanly: ${JSON.stringify(exits)}`);
    process.exit(clean ? 0 : 1);
  })();
  return stopping;
}
process.on('SIGINT', () => void shutdown('SIGINT'));
onStdoutClosed = () => void shutdown('stdout closed');
if (!stdoutOpen) onStdoutClosed();
for (const node of cluster.nodes) {
  void node.process.exited.then((exit) => {
    if (stopping === undefined) process.stderr.write(`${node.id} exited unexpectedly (${JSON.stringify(exit)}); its stderr:\n${node.process.stderr}\n`);
  });
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const settled = await cluster.settle(options.timeout);
// Interactively, show replication at work: one write through a follower, committed by the leader, on every controller.
const demo = settled && !options.json ? await demoWrite() : undefined;
const summary = await cluster.summary(settled);
if (options.json) out(JSON.stringify(summary));
else await report(summary);

if (options.once) await shutdown('--once');
else live?.('\nRunning. Ctrl-C stops every controller gracefully.');

/** PUTs a service through a follower; returns a line saying what happened. */
async function demoWrite(): Promise<string> {
  const leader = await cluster.agreedLeader();
  const follower = cluster.nodes.find((node) => node.id !== leader);
  if (follower === undefined) return 'no follower to write through (a single controller)';
  const response = await fetch(`${follower.url}/edge/management/v1/services/echo`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ protocol: 'http', port: 8080, writtenVia: follower.id }),
    signal: AbortSignal.timeout(10_000),
  }).catch((error: unknown) => error as Error);
  if (response instanceof Error) return `PUT /edge/management/v1/services/echo on ${follower.id} failed: ${response.message}`;
  await response.arrayBuffer();
  // Followers apply the write once the next heartbeat carries the leader's commit index: wait until every one holds it.
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await sleep(50)) {
    const copies = await Promise.all(cluster.nodes.map(async (node) => cluster.servicesOf(node.id)));
    if (copies.every((copy) => copy?.some((entry) => entry.name === 'echo') === true)) break;
  }
  return `PUT /edge/management/v1/services/echo on follower ${follower.id}: ${response.status} (forwarded to the leader ${leader ?? '?'}, committed by a majority)`;
}

async function report(summary: ClusterSummary): Promise<void> {
  out('');
  const reports = new Map(cluster.nodes.flatMap((node) => {
    const report = reportOf(node.process.events);
    return report === undefined ? [] : [[node.id, report] as const];
  }));
  out(renderTimelines(summary, reports));
  out('');
  out(renderClusterView(summary));
  out('');
  if (demo !== undefined) out(demo);
  const services = new Map(
    (await Promise.all(cluster.nodes.map(async (node) => [node.id, await cluster.servicesOf(node.id)] as const))).flatMap(([id, held]) => (held === undefined ? [] : [[id, held] as const])),
  );
  out(renderRaftView(summary, services));
  const records = summary.nodes.flatMap((node) => Object.values(node.peers));
  const empty = records.filter((record) => Object.keys(record.apiAddresses).length === 0).length;
  out('');
  if (!summary.settled) out(`The cluster did not settle within ${options.timeout} ms.`);
  else if (empty === 0) out(`Every controller advertised its API addresses to every peer (${records.length} hellos recorded, none empty).`);
  else out(`${empty} of ${records.length} recorded hellos carry an EMPTY API address map, cached for good: the original controller's bug. Run without --unordered to see readygraph prevent it.`);
}
