import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { NodeEvent } from '../src/app/NodeEvent.js';
import { readFile, writeFile } from 'node:fs/promises';
import { Cluster } from '../src/machinery/cluster/Cluster.js';
import { freePorts } from '../src/machinery/cluster/freePorts.js';

// Readiness after start, on one 3-controller cluster of real processes: the tests run in order and build on each other.

let cluster: Cluster;

/** Controller `id`'s readiness probe: its status and its (plain-text) body. */
async function probe(id: string, path = '/readyz'): Promise<{ status: number; text: string }> {
  const response = await fetch(`${cluster.node(id).url}${path}`, { signal: AbortSignal.timeout(2_000) });
  return { status: response.status, text: await response.text() };
}
const readyz = async (id: string): Promise<number> => (await probe(id)).status;

async function leader(): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const agreed = await cluster.agreedLeader();
    if (agreed !== undefined) return agreed;
    if (Date.now() > deadline) throw new Error('the running controllers agree on no leader');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A JSON request to controller `id`'s management API. */
async function api(id: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  const response = await fetch(`${cluster.node(id).url}/edge/management/v1${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
}

/**
 * Reads `name` on controller `id` (a linearizable read, the default) until it answers 200, and returns the value. A
 * 503 (not available yet) must say when to retry; any other answer fails.
 */
async function readOn(id: string, name: string): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const answer = await api(id, 'GET', `/services/${name}`);
    if (answer.status === 200) return (answer.body as { data: { value: unknown } }).data.value;
    assert.equal(answer.status, 503, `${id} answered ${answer.status} for ${name}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.retryAfter, '1');
    assert.ok(attempt < 20, `${id} still cannot read ${name}: ${JSON.stringify(answer.body)}`);
  }
}

const isUnready = (name: string) => (event: NodeEvent) => event.type === 'service:unready' && event.name === name;
const isRecovered = (name: string) => (event: NodeEvent) => event.type === 'service:ready' && event.name === name && event.recovered === true;

describe('readiness after start: a 3-controller cluster of real processes', () => {
  before(async () => {
    cluster = await Cluster.start({ seed: 4, jitterMs: 100 });
    assert.ok(await cluster.settle(30_000), 'the cluster settles');
  });
  after(async () => {
    await cluster.stop().catch(() => undefined);
  });

  void test('Raft readiness tracks leadership: a node without a leader for an election timeout is unready (/readyz 503), then ready again', async () => {
    const old = await leader();
    const [survivor = '', other = ''] = cluster.nodes.map((node) => node.id).filter((id) => id !== old);
    assert.equal(await readyz(survivor), 200);
    const watched = cluster.node(survivor).process;
    const seen = watched.events.length;
    // Without a majority the survivor can elect nobody: it loses its leader and stays without one.
    await Promise.all([cluster.crash(old), cluster.crash(other)]);
    const unready = await watched.waitFor((event) => watched.events.indexOf(event) >= seen && isUnready('RaftNode')(event), 10_000);
    assert.equal(unready.type === 'service:unready' && unready.reason, 'no leader');
    assert.equal(await readyz(survivor), 503, 'unready: /readyz says so');
    assert.match((await probe(survivor, '/readyz?verbose')).text, /RaftNode.*no leader/, 'the probe names the service and the reason');

    cluster.restart(other);
    await watched.waitFor((event) => watched.events.indexOf(event) >= seen && isRecovered('RaftNode')(event), 20_000);
    assert.equal(await readyz(survivor), 200, 'a leader is known again: ready');
    cluster.restart(old);
    await cluster.node(old).process.waitFor((event) => event.type === 'ready', 20_000);
  });

  void test('a read after an acknowledged write never returns an older value, on any node, also right after a restart', async () => {
    const ids = cluster.nodes.map((node) => node.id);
    for (let sequence = 1; sequence <= 12; sequence++) {
      const writer = ids[sequence % ids.length] ?? '';
      const written = await api(writer, 'PUT', '/services/counter', { sequence });
      assert.equal(written.status, 200, JSON.stringify(written.body));
      // The very next read, wherever it goes, sees this write (a follower's local copy could still lag).
      for (const id of ids) assert.deepEqual(await readOn(id, 'counter'), { sequence }, `read on ${id} after write ${sequence} through ${writer}`);
    }

    const current = await leader();
    const victim = ids.find((id) => id !== current) ?? '';
    await cluster.crash(victim);
    const written = await api(current, 'PUT', '/services/counter', { sequence: 'while-down' });
    assert.equal(written.status, 200);
    const restarted = cluster.restart(victim);
    // The first read, as soon as the web layer listens: the node is still replaying its log and catching up.
    await restarted.waitFor((event) => event.type === 'web:listening', 20_000);
    assert.deepEqual(await readOn(victim, 'counter'), { sequence: 'while-down' }, 'the restarted node waits for the data');
  });

  void test('SIGHUP onto a new port restarts the web layer and the mesh: every peer records the new address within 2 s, no later hello carries the old one', async () => {
    const moved = cluster.nodes[0]?.id ?? '';
    const process = cluster.node(moved).process;
    const [port = 0] = await freePorts(1);
    const file = cluster.node(moved).configFile;
    const config = JSON.parse(await readFile(file, 'utf8')) as { web: { bind: { host: string; port: number } } };
    const oldAddress = `127.0.0.1:${config.web.bind.port}`;
    const newAddress = `127.0.0.1:${port}`;
    await writeFile(file, JSON.stringify({ ...config, web: { ...config.web, bind: { ...config.web.bind, port } } }));
    const seen = process.events.length;
    process.signal('SIGHUP');
    await process.waitFor((event) => event.type === 'config:reloaded' && event.webChanged, 5_000);
    const reloadedAt = Date.now();
    await process.waitFor((event) => event.type === 'web:listening' && event.url.endsWith(`:${port}`), 5_000);

    const edgeUrl = `http://${newAddress}/edge/management/v1`;
    for (const peer of cluster.nodes.filter((node) => node.id !== moved)) {
      for (;;) {
        const listing = await api(peer.id, 'GET', '/controllers');
        const entry = (listing.body as { data: Array<{ id: string; address?: string; apiAddresses: Record<string, Array<{ url: string }>> }> }).data.find((e) => e.id === moved);
        if (entry?.address === newAddress && entry.apiAddresses['edge-management']?.[0]?.url === edgeUrl) break;
        assert.ok(Date.now() - reloadedAt < 2_000, `${peer.id} still records ${JSON.stringify(entry)} 2 s after the reload`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const hellos = process.events.slice(seen).filter((event) => event.type === 'mesh:dial');
    assert.ok(hellos.length >= 2, 'the restarted mesh dialled its peers again');
    for (const hello of hellos) assert.doesNotMatch(JSON.stringify(hello), new RegExp(oldAddress), 'no hello after the reload carries the old address');
    const restarted = process.events.slice(seen).filter((event) => event.type === 'service:restarting').map((event) => event.type === 'service:restarting' && event.name);
    assert.deepEqual(restarted, ['XWeb'], 'a requested restart of the web layer (the mesh restarts with it, uncounted)');
    // Peers reach the node at its new address: a write through a peer is read (linearizably) on the moved node.
    const writer = cluster.nodes.find((node) => node.id !== moved)?.id ?? '';
    const written = await api(writer, 'PUT', '/services/after-reload', { port });
    assert.equal(written.status, 200, JSON.stringify(written.body));
    const read = await fetch(`${edgeUrl}/services/after-reload`, { signal: AbortSignal.timeout(10_000) });
    const body: unknown = await read.json();
    assert.deepEqual([read.status, body], [200, { data: { name: 'after-reload', value: { port } } }]);
  });
});
