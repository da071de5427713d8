import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Cluster, ClusterNode } from '../cluster/Cluster.js';
import { freePorts } from '../cluster/freePorts.js';
import { httpPost, peerAs, type RawPeerRequest } from './peerAs.js';
import { pollUntil } from './pollUntil.js';

const clusterSectionSchema = z.object({
  cluster: z.object({ secret: z.string(), privateKey: z.string(), peers: z.array(z.object({ id: z.string(), publicKey: z.string() })) }),
});

/** The controller after `id` in the cluster's order (the peer a two-controller fault pairs it with). */
export function nextPeer(cluster: Cluster, id: string): ClusterNode {
  const index = cluster.nodes.findIndex((node) => node.id === id);
  const next = cluster.nodes[(index + 1) % cluster.nodes.length];
  if (next === undefined || next.id === id) throw new Error(`controller ${id} has no peer to pair with`);
  return next;
}

/** What a replay fault did: its description, and how many replays were sent and refused (any 4xx). */
export interface ReplayOutcome {
  readonly detail: string;
  readonly sent: number;
  readonly refused: number;
}

/**
 * The replay fault: the runner, holding `target`'s next peer's key (an insider on the wire), has that peer's hello
 * (carrying what `target` already records for it) and a `read-index` accepted by `target`, then replays both,
 * byte for byte: at once (the same session) and after opening a new session, as after a restart of the peer. Every
 * replay must be refused with a 4xx; one that is accepted is counted, and the summary fails.
 */
export async function replayFault(cluster: Cluster, target: string): Promise<ReplayOutcome> {
  const peer = nextPeer(cluster, target);
  const { cluster: keys } = clusterSectionSchema.parse(JSON.parse(await readFile(peer.configFile, 'utf8')));
  const toPublicKey = keys.peers.find((candidate) => candidate.id === target)?.publicKey;
  if (toPublicKey === undefined) throw new Error(`${peer.id}'s configuration has no key for ${target}`);
  const insider = peerAs({ from: peer.id, privateKey: keys.privateKey, to: target, toPublicKey, post: httpPost(() => cluster.node(target).url, keys.secret) });
  const record = (await cluster.peersOf(cluster.node(target)))?.[peer.id];
  if (record === undefined) throw new Error(`${target} does not list ${peer.id}`);
  const captured: RawPeerRequest[] = [];
  for (const [type, body] of [['hello', { id: peer.id, address: record.address, apiAddresses: record.apiAddresses }], ['read-index', {}]] as const) {
    const answer = await insider.send(type, body);
    if (answer.status !== 200 || !answer.signed) throw new Error(`${target} did not accept ${peer.id}'s ${type} to capture (${answer.status})`);
    captured.push(answer.request);
  }
  const statuses: number[] = [];
  for (const request of captured) statuses.push((await insider.replay(request)).status);
  // As after a restart of the peer: a new session, in use, and the old one's messages again.
  await insider.openSession();
  const [hello] = captured;
  if (hello !== undefined) await insider.send('hello', JSON.parse(hello.text));
  for (const request of captured) statuses.push((await insider.replay(request)).status);
  const refused = statuses.filter((status) => status >= 400 && status < 500).length;
  return { detail: `${peer.id}'s hello and read-index replayed ${statuses.length} times (on their session, then once a new one is in use): ${statuses.join(', ')}`, sent: statuses.length, refused };
}

/**
 * The moved-restart fault: `first` and its next peer are moved onto new ports (SIGHUP), one after the other, each
 * once the other records the new address, then both are killed, and restarted after `restartDelayMs`; their configuration files still
 * name each other's old address, so they reach each other only at the addresses they stored. When the two are a
 * majority, every other controller is paused (SIGSTOP) until they have elected a leader between them, then resumed
 * (SIGCONT). Resolves with what was done; rejects when the two find no leader within `timeoutMs`.
 */
export async function movedRestartFault(cluster: Cluster, first: string, options: { restartDelayMs: number; timeoutMs: number; signal: AbortSignal | undefined }): Promise<string> {
  const pair = [cluster.node(first), nextPeer(cluster, first)] as const;
  const ports = await freePorts(2);
  const recordsOther = async (node: ClusterNode, other: ClusterNode) => (await cluster.peersOf(node))?.[other.id]?.apiAddresses['edge-management']?.[0]?.url === `${other.url}/edge/management/v1`;
  // One after the other: a controller learns a peer's new address from the peer's hello, which it can send only
  // while it still knows where the other is.
  const moved: string[] = [];
  for (const [index, node] of pair.entries()) {
    const other = pair[1 - index] ?? node;
    moved.push(await cluster.moveWeb(node.id, ports[index] ?? 0));
    const heard = await pollUntil(async () => recordsOther(other, node), { timeoutMs: options.timeoutMs, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    if (!heard) throw new Error(`${other.id} did not record ${node.id}'s new address within ${options.timeoutMs} ms`);
  }
  await Promise.all(pair.map(async (node) => cluster.crash(node.id)));
  await sleep(options.restartDelayMs, undefined, options.signal === undefined ? {} : { signal: options.signal });
  for (const node of pair) cluster.restart(node.id);
  const others = cluster.nodes.filter((node) => !pair.includes(node) && node.process.exitStatus === undefined);
  const paused = pair.length > cluster.nodes.length / 2 ? others : [];
  for (const node of paused) node.process.signal('SIGSTOP');
  const started = performance.now();
  try {
    const leader = async () => {
      const views = await Promise.all(pair.map(async (node) => cluster.raftOf(node.id)));
      const [a, b] = views;
      return a !== undefined && b !== undefined && a.leader !== null && a.leader === b.leader && a.term === b.term && pair.some((node) => node.id === a.leader) ? a.leader : undefined;
    };
    const elected = await pollUntil(async () => (await leader()) !== undefined, { timeoutMs: options.timeoutMs, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    if (!elected) throw new Error(`restarted, ${pair[0].id} and ${pair[1].id} found no leader between them within ${options.timeoutMs} ms${paused.length > 0 ? ` (${paused.map((node) => node.id).join(', ')} paused)` : ''}`);
    const waited = Math.round(performance.now() - started);
    return `${pair[0].id} moved to ${moved[0]} and ${pair[1].id} to ${moved[1]}, both killed and restarted after ${options.restartDelayMs} ms${paused.length > 0 ? ` with ${paused.map((node) => node.id).join(', ')} paused` : ''}: a leader between them after ${waited} ms`;
  } finally {
    for (const node of paused) node.process.signal('SIGCONT');
  }
}
