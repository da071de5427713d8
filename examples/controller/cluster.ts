// The cluster runner (`npm start`): boots a cluster of controllers on loopback, one child process each, shows each
// one's readiness timeline and what every controller learnt from its peers, and runs until Ctrl-C, which stops every
// controller gracefully (each in reverse readiness order).
//
//   npm start                                          interactive, ordered by readygraph
//   npm start -- --unordered                           the race demo: the original's start-up, which advertised empty API addresses
//   npm start --silent -- --once --json [--unordered]  wait until the cluster settles, print ONE JSON line, stop, exit 0
//   npm start -- --chaos [--faults 4] [--json]         a bounded fault loop under a write load, then a summary; exit 1 if
//                                                      an acknowledged write was lost or a peer's view is stale
//
// Whatever ends it (Ctrl-C, SIGTERM, --once, the reader of its stdout going away as when `npm start | tee log` is
// interrupted), it stops every controller, removes their temporary directory and exits 0 if all stopped cleanly.
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, InvalidArgumentError } from 'commander';
import { renderChaosSummary } from './src/machinery/chaos/renderChaosSummary.js';
import { runChaos } from './src/machinery/chaos/runChaos.js';
import { Cluster, reportOf, type ClusterSummary } from './src/machinery/cluster/Cluster.js';
import type { NodeExit } from './src/machinery/cluster/NodeProcess.js';
import { describeEvent, renderClusterView, renderRaftView, renderTimelines } from './src/machinery/cluster/render.js';

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
  .option('--seed <n>', 'random seed of the start jitter (and of the race demo’s web configuration delays, and of the chaos loop’s faults)', integer(0), 1)
  .option('--jitter <ms>', 'largest start jitter between controllers', integer(0), 300)
  .option('--timeout <ms>', 'how long to wait for the cluster to settle', integer(1), 20_000)
  .option('--chaos', 'once settled, inject faults (kill -9 and restart, web reload onto a new port, replayed peer messages, two controllers moved and restarted) under a write load, summarise, stop, exit', false)
  .option('--faults <count>', 'with --chaos: how many faults: kills, reloads, replays and moved restarts in turn', integer(1), 4)
  .option('--restart-delay <ms>', 'with --chaos: how long a killed controller stays down before it is restarted', integer(0), 2_000)
  .parse()
  .opts<{ once: boolean; json: boolean; unordered: boolean; nodes: number; seed: number; jitter: number; timeout: number; chaos: boolean; faults: number; restartDelay: number }>();
if (options.chaos && options.unordered) {
  process.stderr.write('cluster: --chaos runs on the controller ordered by readygraph; drop --unordered\n');
  process.exit(2);
}

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
  // A controller that ends on its own is worth its stderr; one the runner killed or stopped is not.
  onExit: (node, exit, { expected, stderr }) => {
    if (!expected) process.stderr.write(`${node} exited unexpectedly (${JSON.stringify(exit)}); its stderr:\n${stderr}\n`);
  },
});

// However this process ends, the controllers' temporary directory goes with it (stop() removes it; this is for an exit
// that could not wait for the controllers).
process.once('exit', () => cluster.removeData());

// Ctrl-C during the chaos loop ends it: no further fault, no pending restart.
const chaosAbort = new AbortController();
let stopping: Promise<never> | undefined;
/**
 * Stops every controller and exits: 0 if each stopped cleanly (a controller the chaos loop killed, and that was not
 * restarted yet, is no failure) and `afterwards` (given the exits; it may print) says the run went well.
 */
function shutdown(signal: string, afterwards: (exits: NodeExit[]) => boolean = () => true): Promise<never> {
  stopping ??= (async () => {
    chaosAbort.abort(new Error(signal));
    live?.(`\n${signal}: stopping every controller (each stops its services in reverse order)…`);
    const exits = await cluster.stop('SIGTERM');
    const down = cluster.nodes.filter((node) => cluster.crashedOnPurpose(node.process)).map((node) => node.id);
    const clean = cluster.nodes.every((node, index) => exits[index]?.code === 0 || down.includes(node.id));
    const stopped = down.length === 0 ? `all ${exits.length} controllers stopped cleanly` : `all ${exits.length - down.length} running controllers stopped cleanly (${down.join(', ')}: down, killed by the chaos loop)`;
    live?.(clean ? stopped : `some controllers did not stop cleanly: ${JSON.stringify(exits)}`);
    const succeeded = afterwards(exits);
    process.exit(clean && succeeded ? 0 : 1);
  })();
  return stopping;
}
process.on('SIGINT', () => void shutdown('SIGINT'));
onStdoutClosed = () => void shutdown('stdout closed');
if (!stdoutOpen) onStdoutClosed();
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const settled = await cluster.settle(options.timeout);
if (options.chaos) await chaos(settled);
// Interactively, show replication at work: one write through a follower, committed by the leader, on every controller.
const demo = settled && !options.json ? await demoWrite() : undefined;
const summary = await cluster.summary(settled);
if (options.json) out(JSON.stringify(summary));
else await report(summary);

if (options.once) await shutdown('--once');
else live?.('\nRunning. Ctrl-C stops every controller gracefully.');

/** The chaos loop on the settled cluster, then its summary (after every controller has stopped), then the exit. */
async function chaos(settled: boolean): Promise<never> {
  if (!settled) {
    out(options.json ? JSON.stringify({ ok: false, problems: [`the cluster did not settle within ${options.timeout} ms; no fault injected`] }) : `The cluster did not settle within ${options.timeout} ms; no fault injected.`);
    return shutdown('--chaos', () => false);
  }
  live?.(`\nchaos: ${options.faults} faults (seed ${options.seed}) while a client keeps writing…`);
  const summary = await runChaos(cluster, { faults: options.faults, seed: options.seed, restartDelayMs: options.restartDelay, signal: chaosAbort.signal, ...(live === undefined ? {} : { log: live }) }).catch(
    async (error: unknown) => {
      // Aborted by Ctrl-C (or SIGTERM, a closed stdout): the shutdown under way exits.
      if (chaosAbort.signal.aborted) return new Promise<never>(() => {});
      throw error;
    },
  );
  return shutdown('--chaos done', () => {
    // Every controller process the runner started, restarts included, and how it ended (none is left running).
    const processes = cluster.processes.map((child) => ({ node: child.id, pid: child.pid ?? null, exit: child.exitStatus ?? null }));
    if (options.json) out(JSON.stringify({ ...summary, processes }));
    else {
      const running = processes.filter((child) => child.exit === null).length;
      const killed = processes.filter((child) => child.exit?.signal === 'SIGKILL').length;
      out(`\n${renderChaosSummary(summary)}\n  controller processes: ${processes.length} started, ${killed} killed by the loop, ${running === 0 ? 'none left running' : `${running} STILL RUNNING`}`);
    }
    return summary.ok;
  });
}

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
