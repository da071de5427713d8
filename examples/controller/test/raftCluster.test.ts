import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NodeEvent } from '../src/app/NodeEvent.js';
import { readFile } from 'node:fs/promises';
import { Cluster } from '../src/machinery/cluster/Cluster.js';
import { httpPost, peerAs } from '../src/machinery/chaos/peerAs.js';
import { maxServiceValueDepth, maxTermLead } from '../src/consensus/replicationLimits.js';

// One 3-controller cluster on loopback for the whole file: the tests run in order and build on each other (the
// writes acknowledged so far must survive every later crash), which keeps the file to a few seconds of real time.

let cluster: Cluster;
/** Every write acknowledged with 200, by service name: what must never be lost. */
const acknowledged = new Map<string, Record<string, unknown>>();

async function request(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain text
  }
  return { status: response.status, body: parsed };
}

const servicesUrl = (id: string, name = '') => `${cluster.node(id).url}/edge/management/v1/services${name === '' ? '' : `/${name}`}`;

/** PUTs a service through controller `id`; remembers it if acknowledged. */
async function put(id: string, name: string, value: Record<string, unknown>): Promise<number> {
  const { status } = await request(servicesUrl(id, name), 'PUT', value).catch(() => ({ status: 0 }));
  if (status === 200) acknowledged.set(name, value);
  return status;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

/** Resolves once controller `id` holds every acknowledged write. */
async function holdsEveryAcknowledgedWrite(id: string): Promise<void> {
  await eventually(`${id} holds every acknowledged write`, async () => {
    const listing = await request(servicesUrl(id), 'GET').catch(() => undefined);
    if (listing?.status !== 200) return undefined;
    const held = new Map((listing.body as { data: Array<{ name: string; value: unknown }> }).data.map((entry) => [entry.name, entry.value]));
    return [...acknowledged].every(([name, value]) => JSON.stringify(held.get(name)) === JSON.stringify(value)) ? true : undefined;
  });
}

const running = () => cluster.nodes.filter((node) => node.process.exitStatus === undefined).map((node) => node.id);
const leader = async () => eventually('the running controllers agree on a leader', async () => cluster.agreedLeader());
const aFollower = async (except: string[] = []) => {
  const current = await leader();
  const follower = running().find((id) => id !== current && !except.includes(id));
  assert.ok(follower !== undefined);
  return follower;
};

describe('Raft over the mesh: a 3-controller cluster of real processes', () => {
  before(async () => {
    cluster = await Cluster.start({ seed: 9, jitterMs: 200 });
    assert.ok(await cluster.settle(30_000), 'the cluster settles');
  });
  after(async () => {
    await cluster.stop().catch(() => undefined);
  });

  void test('elects one leader that every controller knows, in the same term', async () => {
    const elected = await leader();
    const views = await Promise.all(cluster.nodes.map(async (node) => cluster.raftOf(node.id)));
    assert.deepEqual(views.map((view) => view?.role ?? 'none').sort((a, b) => a.localeCompare(b)), ['follower', 'follower', 'leader']);
    for (const view of views) assert.equal(view?.leader, elected);
  });

  void test('a write on a follower is committed through the leader and readable on every controller', async () => {
    const follower = await aFollower();
    const response = await request(servicesUrl(follower, 'echo'), 'PUT', { protocol: 'http', port: 8080 });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    acknowledged.set('echo', { protocol: 'http', port: 8080 });
    assert.equal((response.body as { meta: { index: number } }).meta.index >= 2, true, 'after the leader’s no-op');
    for (const node of cluster.nodes) await holdsEveryAcknowledgedWrite(node.id);
    const got = await request(servicesUrl(cluster.nodes[0]?.id ?? '', 'echo'), 'GET');
    assert.deepEqual(got.body, { data: { name: 'echo', value: { protocol: 'http', port: 8080 } } });

    const removed = await request(servicesUrl(follower, 'echo'), 'DELETE');
    assert.equal(removed.status, 200);
    acknowledged.delete('echo');
    for (const node of cluster.nodes) {
      await eventually(`${node.id} forgets echo`, async () => ((await request(servicesUrl(node.id, 'echo'), 'GET')).status === 404 ? true : undefined));
    }
    assert.equal((await request(servicesUrl(follower, 'bad name!'), 'PUT', {})).status, 400);
    assert.equal((await request(servicesUrl(follower, 'list'), 'PUT', [1, 2])).status, 400);
    assert.equal((await request(servicesUrl(follower, 'big'), 'PUT', { blob: 'x'.repeat(4_000) })).status, 413);
    assert.equal(await put(follower, 'n'.repeat(128), { longest: 'name' }), 200, 'a 128-character name, as the schema allows');
  });

  void test('kill -9 of a follower, writes go on, restart: it recovers its log from disk and catches up from the leader', async () => {
    const victim = await aFollower();
    const before = await cluster.raftOf(victim);
    assert.ok(before !== undefined);
    await cluster.crash(victim);
    const other = running().find((id) => id !== victim) ?? '';
    for (let index = 0; index < 5; index++) assert.equal(await put(other, `while-down-${index}`, { index }), 200, 'a majority is still up');

    const restarted = cluster.restart(victim);
    const recovered = await restarted.waitFor((event): event is Extract<NodeEvent, { type: 'raft:recovered' }> => event.type === 'raft:recovered', 20_000);
    assert.ok(recovered.logLength >= before.lastLogIndex, `recovered ${recovered.logLength} entries from disk, had ${before.lastLogIndex}`);
    assert.ok(recovered.term >= before.term);
    await restarted.waitFor((event) => event.type === 'ready', 20_000);
    await holdsEveryAcknowledgedWrite(victim);
  });

  void test('kill -9 of the leader: a new leader is elected and every acknowledged write survives', async () => {
    const old = await leader();
    const oldTerm = (await cluster.raftOf(old))?.term ?? 0;
    const writer = await aFollower();
    // Writes keep coming through a follower while the leader dies: some are refused (503), none acknowledged is lost.
    // The writer reports each acknowledged write, so the test waits for one before the crash and one after the election.
    let writing = true;
    const acked: string[] = [];
    let onAck = () => {};
    const nextAck = async () => new Promise<void>((resolve) => (onAck = resolve));
    const writes = (async () => {
      for (let index = 0; writing; index++) {
        const name = `during-failover-${index}`;
        if ((await put(writer, name, { index })) === 200) {
          acked.push(name);
          onAck();
        }
      }
    })();
    await nextAck();
    const ackedBeforeCrash = acked.length;
    await cluster.crash(old);
    const elected = await leader();
    assert.notEqual(elected, old);
    assert.ok(((await cluster.raftOf(elected))?.term ?? 0) > oldTerm, 'in a later term');
    await nextAck();
    writing = false;
    await writes;
    assert.ok(ackedBeforeCrash >= 1 && acked.length > ackedBeforeCrash, `writes were acknowledged before the crash and after the election (${acked.length})`);
    for (const id of running()) await holdsEveryAcknowledgedWrite(id);

    cluster.restart(old);
    await cluster.node(old).process.waitFor((event) => event.type === 'ready', 20_000);
    await holdsEveryAcknowledgedWrite(old);
  });

  void test('bad RPC input is refused (401, 400, 403, 413) and the node keeps its place in the cluster', async () => {
    const target = await aFollower();
    const peer = cluster.nodes.find((node) => node.id !== target)?.id ?? '';
    const url = `${cluster.node(target).url}/mesh/v1/raft`;
    const { secret } = await configOf(target);
    const bearer = { authorization: `Bearer ${secret}` };
    const vote = { type: 'RequestVote', from: peer, to: target, term: 1, lastLogIndex: 0, lastLogTerm: 0 };
    // Sent as `peer` with its own key, from its configuration file, on a session of its own: the body exactly as signed.
    const signer = await insider(peer, target);
    const post = async (body: unknown, headers: Record<string, string> = {}) => signer.send('raft', body, headers);
    assert.equal((await request(url, 'POST', vote, bearer)).status, 401, 'the secret without a signature');
    assert.equal((await request(url, 'POST', vote)).status, 401, 'no secret');
    assert.equal((await post(vote, { authorization: 'Bearer not-the-cluster-secret' })).status, 401, 'wrong secret');
    assert.equal((await post('{"type":')).status, 400, 'not JSON');
    assert.equal((await post({ ...vote, type: 'Nonsense' })).status, 400, 'unknown type');
    // 2^53 - 1 is a safe integer, but one election later a term no node can persist or count up from (term overflow).
    for (const term of ['1', -1, 1.5, null, 2 ** 60, Number.MAX_SAFE_INTEGER, 2 ** 52 + 1]) {
      const answer = await post({ ...vote, term });
      assert.equal(answer.status, 400, `term ${JSON.stringify(term)}`);
      assert.match(JSON.stringify(answer.body), /term/);
    }
    // Within the parsers' bound, but terms a node could not count up from: never adopted.
    const ownTerm = (await cluster.raftOf(target))?.term ?? 0;
    for (const term of [2 ** 52, 2 ** 52 - 1]) {
      const answer = await post({ ...vote, term });
      assert.equal(answer.status, 400, `term ${term}`);
      assert.match(JSON.stringify(answer.body), /leaves no room for another election/);
    }
    assert.equal((await cluster.raftOf(target))?.term, ownTerm, 'no refused term was adopted');
    const entries = [{ term: 1, kind: 'command', command: { op: 'format-disk' } }];
    assert.equal((await post({ type: 'AppendEntries', from: peer, to: target, term: 1, prevLogIndex: 0, prevLogTerm: 0, entries, leaderCommit: 0 })).status, 400, 'a command outside the schema');
    assert.equal((await post({ ...vote, from: 'ctrl-9' })).status, 403, 'not a peer');
    assert.equal((await post({ ...vote, to: third() })).status, 403, 'addressed to another node');
    assert.equal((await post({ ...vote, padding: 'x'.repeat(100_000) })).status, 413, 'oversized');
    assert.equal((await post(`{"a":${'['.repeat(5_000)}${']'.repeat(5_000)}}`)).status, 400, 'deeply nested');

    function third(): string {
      return cluster.nodes.find((node) => node.id !== target && node.id !== peer)?.id ?? '';
    }
    assert.equal(cluster.node(target).process.exitStatus, undefined, 'still running');
    assert.equal((await request(`${cluster.node(target).url}/livez`, 'GET')).status, 200);
    await leader();
    assert.equal(await put(target, 'after-bad-input', { ok: true }), 200);
    for (const id of running()) await holdsEveryAcknowledgedWrite(id);
  });

  void test('one signed message far ahead in term moves a node by 2^20 at most and is refused; the cluster elects again and takes writes', async () => {
    const target = await aFollower();
    const peer = cluster.nodes.find((node) => node.id !== target)?.id ?? '';
    const before = (await cluster.raftOf(target))?.term ?? 0;
    const signer = await insider(peer, target);
    // Accepted whole, this term would leave the cluster a single election (the attack on term exhaustion).
    const far = await signer.send('raft', { type: 'RequestVote', from: peer, to: target, term: 2 ** 52 - 3, lastLogIndex: 0, lastLogTerm: 0 });
    assert.equal(far.status, 400, JSON.stringify(far.body));
    assert.match(JSON.stringify(far.body), /more than 1048576 ahead/);
    assert.equal((await cluster.raftOf(target))?.term, before + maxTermLead, 'moved toward it by maxTermLead, no further');
    // The others are 2^20 behind the target; its next elections move them on, and a leader takes writes again.
    await eventually('a leader that every running controller follows, in a term past the jump', async () => {
      const id = await cluster.agreedLeader();
      const view = id === undefined ? undefined : await cluster.raftOf(id);
      return view !== undefined && view.term > before + maxTermLead ? true : undefined;
    });
    assert.equal(await put(target, 'after-term-jump', { ok: true }), 200);
    for (const id of running()) await holdsEveryAcknowledgedWrite(id);
  });

  void test(`one depth limit: a value ${maxServiceValueDepth} levels deep is accepted and replicated everywhere, one level more is 400 at the API`, async () => {
    const target = await aFollower();
    const deepest = (depth: number): Record<string, unknown> => (depth === 1 ? { leaf: true } : { next: deepest(depth - 1) });
    assert.equal(await put(target, 'deepest', deepest(maxServiceValueDepth)), 200, 'through a follower: forwarded, replicated, acknowledged');
    for (const id of running()) await holdsEveryAcknowledgedWrite(id);
    const refused = await request(servicesUrl(target, 'too-deep'), 'PUT', deepest(maxServiceValueDepth + 1));
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /nests at most 60 levels/);
  });

  void test('peers authenticate as themselves: a message signed by one controller speaking for another is 403 and changes nothing', async () => {
    const target = await leader();
    const [impersonated = '', signer = ''] = cluster.nodes.map((node) => node.id).filter((id) => id !== target);
    const keys = await insider(signer, target);
    const send = async (type: string, body: unknown) => keys.send(type, body);
    const before = await cluster.raftOf(target);
    // A spoofed hello would replace the impersonated peer's advertised address; a forged term would depose the leader.
    const hello = await send('hello', { id: impersonated, address: '127.0.0.1:1', apiAddresses: {} });
    assert.equal(hello.status, 403);
    assert.equal((hello.body as { error: string }).error, `a hello for "${impersonated}" signed by "${signer}": a controller speaks only for itself`);
    const vote = await send('raft', { type: 'RequestVote', from: impersonated, to: target, term: (before?.term ?? 0) + 100, lastLogIndex: 0, lastLogTerm: 0 });
    assert.equal(vote.status, 403);
    const after = await cluster.raftOf(target);
    assert.deepEqual([after?.role, after?.term], ['leader', before?.term], 'still the leader, in the same term');
    const listing = await request(`${cluster.node(target).url}/edge/management/v1/controllers`, 'GET');
    const record = (listing.body as { data: Array<{ id: string; address?: string }> }).data.find((entry) => entry.id === impersonated);
    assert.equal(record?.address, cluster.node(impersonated).url.replace('http://', ''), 'the impersonated peer keeps its address');
  });
});

/** Controller `id`'s cluster secret, private key and peers, read from its configuration file (the runner makes them). */
async function configOf(id: string): Promise<{ secret: string; privateKey: string; peers: Array<{ id: string; publicKey: string }> }> {
  const config = JSON.parse(await readFile(cluster.node(id).configFile, 'utf8')) as { cluster: { secret: string; privateKey: string; peers: Array<{ id: string; publicKey: string }> } };
  return config.cluster;
}

/** A test speaking as controller `from` to `to`, with `from`'s own key from its configuration (an insider). */
async function insider(from: string, to: string): Promise<ReturnType<typeof peerAs>> {
  const { secret, privateKey, peers } = await configOf(from);
  const toPublicKey = peers.find((peer) => peer.id === to)?.publicKey ?? '';
  return peerAs({ from, privateKey, to, toPublicKey, post: httpPost(() => cluster.node(to).url, secret) });
}
