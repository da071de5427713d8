// The cost of a write: `node build/examples/controller/measureWrites.js [--writes 400] [--nodes 3]` boots a cluster
// of controllers on loopback, sends writes one at a time to the leader (each waits for the previous one's answer),
// and prints one JSON line: the acknowledged writes' latencies (median, 90th and 99th percentile, in ms), then stops
// the cluster. The figures in the README's security section come from it.
import { Command, InvalidArgumentError } from 'commander';
import { Cluster } from './src/machinery/cluster/Cluster.js';

const integer = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return parsed;
};
const options = new Command()
  .name('measure-writes')
  .option('--writes <count>', 'how many writes to time', integer, 400)
  .option('--nodes <count>', 'number of controllers', integer, 3)
  .parse()
  .opts<{ writes: number; nodes: number }>();

const cluster = await Cluster.start({ size: options.nodes, jitterMs: 0 });
try {
  if (!(await cluster.settle())) throw new Error('the cluster did not settle');
  const leader = await cluster.agreedLeader();
  if (leader === undefined) throw new Error('no leader agreed');
  const url = `${cluster.node(leader).url}/edge/management/v1/services`;
  const latencies: number[] = [];
  let refused = 0;
  for (let index = 0; index < options.writes + 20; index++) {
    const started = performance.now();
    const response = await fetch(`${url}/timed-${index % 50}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ port: index }) });
    await response.arrayBuffer();
    // The first 20 writes warm the connections and the JIT, and are not counted.
    if (index < 20) continue;
    if (response.status === 200) latencies.push(performance.now() - started);
    else refused++;
  }
  latencies.sort((a, b) => a - b);
  const at = (quantile: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ?? Number.NaN) * 100) / 100;
  // Peer messages a controller refused meanwhile (a reordered one is 409 and lost to Raft), from the controllers' logs.
  const peerRefusals = cluster.processes.reduce((sum, child) => sum + child.events.filter((event) => (event.type as string) === 'peer:refused').length, 0);
  process.stdout.write(`${JSON.stringify({ nodes: options.nodes, writes: latencies.length, refused, peerRefusals, medianMs: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99) })}\n`);
} finally {
  await cluster.stop();
  cluster.removeData();
}
