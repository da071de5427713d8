import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { NodeEvent } from '../src/app/NodeEvent.js';
import { Cluster, type ClusterOptions, type ClusterSummary } from '../src/machinery/cluster/Cluster.js';
import { runRunner } from './support/runRunner.js';

const settleTimeoutMs = 30_000;

/** Boots a cluster that is stopped when the test ends, whatever happens. */
async function bootCluster(t: TestContext, options: ClusterOptions): Promise<Cluster> {
  const cluster = await Cluster.start(options);
  t.after(async () => cluster.stop().catch(() => undefined));
  return cluster;
}

function recordedPeers(summary: ClusterSummary) {
  return summary.nodes.flatMap((node) => Object.entries(node.peers).map(([peer, record]) => ({ node: node.id, peer, record })));
}

const indexOf = (events: readonly NodeEvent[], match: (event: NodeEvent) => boolean) => events.findIndex(match);

/**
 * Waits until every controller's event stream holds its dial to each peer and its web layer's readiness: a peer can
 * report a hello over HTTP before the dialling controller's own event line has come through its stdout pipe.
 */
async function eventsArrived(cluster: Cluster): Promise<void> {
  await Promise.all(
    cluster.nodes.flatMap((node) => [
      node.process.waitFor((event) => event.type === 'service:ready' && event.name === 'XWeb'),
      ...cluster.nodes
        .filter((other) => other !== node)
        .map((other) => node.process.waitFor((event) => event.type === 'mesh:dial' && event.peer === other.id)),
    ]),
  );
}

describe('example cluster, ordered by readygraph', () => {
  // Two boots here and one more through the runner's --once --json below: three seeds, three start orders.
  for (const seed of [11, 22]) {
    void test(`seed ${seed}: every controller records every peer with a non-empty edge-management address`, async (t) => {
      const cluster = await bootCluster(t, { seed, jitterMs: 400 });
      assert.ok(await cluster.settle(settleTimeoutMs), 'the cluster settles');
      const summary = await cluster.summary(true);
      assert.equal(summary.ordered, true);
      for (const node of summary.nodes) {
        for (const other of summary.nodes.filter((candidate) => candidate !== node)) {
          const addresses = node.peers[other.id]?.apiAddresses['edge-management'];
          assert.deepEqual(addresses, [{ url: `${other.url}/edge/management/v1`, version: 'v1' }], `${node.id} about ${other.id}`);
        }
      }

      // The mesh never dials before the web layer is ready: read from each controller's lifecycle events, in order.
      await eventsArrived(cluster);
      for (const node of cluster.nodes) {
        const events = node.process.events;
        const webReady = indexOf(events, (event) => event.type === 'service:ready' && event.name === 'XWeb');
        const meshStarting = indexOf(events, (event) => event.type === 'service:starting' && event.name === 'Mesh');
        const dials = events.filter((event) => event.type === 'mesh:dial');
        assert.ok(webReady >= 0 && meshStarting > webReady, `${node.id}: the mesh starts after the web layer is ready`);
        assert.ok(dials.length >= 2, `${node.id} dialled its peers`);
        for (const dial of dials) {
          assert.ok(events.indexOf(dial) > webReady, `${node.id} dialled ${dial.peer} before the web layer was ready`);
          assert.notDeepEqual(dial.apiAddresses, {}, `${node.id}'s hello to ${dial.peer} carries its addresses`);
        }
      }
      assert.deepEqual(
        (await cluster.stop()).map((exit) => exit.code),
        [0, 0, 0],
      );
    });
  }
});

/** When each controller last heard each peer's hello (`lastHelloAt` of GET /edge/management/v1/controllers), by "node→peer". */
async function lastHellos(cluster: Cluster): Promise<Map<string, number>> {
  const listing = z.object({ data: z.array(z.object({ id: z.string(), isSelf: z.boolean(), lastHelloAt: z.string().optional() })) });
  const heard = new Map<string, number>();
  for (const node of cluster.nodes) {
    const response = await fetch(`${node.url}/edge/management/v1/controllers`);
    for (const entry of listing.parse(await response.json()).data) {
      if (!entry.isSelf && entry.lastHelloAt !== undefined) heard.set(`${node.id}→${entry.id}`, Date.parse(entry.lastHelloAt));
    }
  }
  return heard;
}

describe('the race demo: controllers started the way the original did', () => {
  void test('reproduces the original’s bug deterministically: peers record an empty API address map, for good', async (t) => {
    const cluster = await bootCluster(t, { ordered: false, seed: 11, jitterMs: 400 });
    assert.ok(await cluster.settle(settleTimeoutMs), 'the cluster settles');
    const summary = await cluster.summary(true);
    assert.equal(summary.ordered, false);
    const records = recordedPeers(summary);
    assert.equal(records.length, 6);
    // Not luck: the mesh computes its first hello in the same tick as the web layer starts loading its configuration.
    for (const { node, peer, record } of records) assert.deepEqual(record.apiAddresses, {}, `${node} recorded ${peer}'s empty addresses`);
    await eventsArrived(cluster);
    for (const node of cluster.nodes) {
      const events = node.process.events;
      const webReady = indexOf(events, (event) => event.type === 'service:ready' && event.name === 'XWeb');
      const firstDial = indexOf(events, (event) => event.type === 'mesh:dial');
      assert.ok(firstDial >= 0 && firstDial < webReady, `${node.id} dialled before its web layer was ready`);
    }

    // For good: heartbeats keep sending hellos, but the provider's cache keeps them empty. Wait (on the management API)
    // until every controller has heard every peer's hello twice more, each sent after its web layer was ready. Polled,
    // because what is waited for is a hello that changes nothing: a controller logs `mesh:hello` only when a hello
    // changes what it recorded, so such a hello shows only in `lastHelloAt`.
    const start = await lastHellos(cluster);
    assert.equal(start.size, 6);
    for (let rounds = 0; rounds < 2; rounds++) {
      const before = await lastHellos(cluster);
      for (let heard = before; [...before].some(([pair, at]) => (heard.get(pair) ?? 0) <= at); heard = await lastHellos(cluster)) await sleep(50);
    }
    for (const { record } of recordedPeers(await cluster.summary(true))) assert.deepEqual(record.apiAddresses, {});
  });
});

/** The controllers' temporary directory, from the SVG paths the live log shows (`<root>/<id>/startup-report.svg`). */
function dataRootOf(stdout: string): string {
  const svg = /start-up waterfall \(SVG\): (\S+)/.exec(stdout)?.[1];
  assert.ok(svg !== undefined, 'the live log shows where the SVG report is');
  return dirname(dirname(svg));
}

describe('cluster runner (npm start)', () => {
  for (const unordered of [false, true]) {
    void test(`--once --json${unordered ? ' --unordered' : ''} prints one JSON line and exits 0`, async () => {
      const { code, stdout, stderr } = await runRunner(['--once', '--json', '--seed', '5', ...(unordered ? ['--unordered'] : [])]);
      assert.equal(code, 0, stderr);
      const lines = stdout.split('\n').filter((line) => line !== '');
      assert.equal(lines.length, 1, stdout);
      const summary = JSON.parse(lines[0] ?? '') as ClusterSummary;
      assert.equal(summary.ordered, !unordered);
      assert.equal(summary.settled, true);
      assert.equal(summary.nodes.length, 3);
      assert.equal(recordedPeers(summary).length, 6);
      const leaders = summary.nodes.filter((node) => node.role === 'leader');
      assert.equal(leaders.length, 1, 'one Raft leader');
      for (const node of summary.nodes) {
        assert.equal(node.leader, leaders[0]?.id, `${node.id} knows the leader`);
        assert.equal(node.term, leaders[0]?.term);
        assert.ok(typeof node.commitIndex === 'number' && node.commitIndex >= 1, 'the leader’s no-op is committed');
      }
      const empty = recordedPeers(summary).filter(({ record }) => Object.keys(record.apiAddresses).length === 0);
      if (unordered) assert.ok(empty.length > 0, 'some controller recorded an empty apiAddresses');
      else {
        for (const node of summary.nodes) {
          for (const [peer, record] of Object.entries(node.peers)) {
            const peerUrl = summary.nodes.find((candidate) => candidate.id === peer)?.url;
            assert.deepEqual(record.apiAddresses['edge-management'], [{ url: `${peerUrl}/edge/management/v1`, version: 'v1' }], `${node.id} about ${peer}`);
          }
        }
      }
    });
  }

  void test('interactive mode runs until Ctrl-C (SIGINT to its process group, as a terminal sends it), then stops every controller and exits 0', async () => {
    const { code, stdout, stderr } = await runRunner(['--seed', '3'], /Running\. Ctrl-C/);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Readiness timelines/);
    assert.match(stdout, /Every controller advertised its API addresses to every peer/);
    assert.match(stdout, /services\/echo on follower ctrl-\d: 200/);
    assert.match(stdout, /LEADER +term \d+/);
    for (const id of ['ctrl-1', 'ctrl-2', 'ctrl-3']) assert.match(stdout, new RegExp(`${id} .*services: echo=`), `${id} holds the replicated write`);
    assert.match(stdout, /all 3 controllers stopped cleanly/);
    for (const id of ['ctrl-1', 'ctrl-2', 'ctrl-3']) assert.match(stdout, new RegExp(`${id} .*Config stopped`));
    assert.equal(existsSync(dataRootOf(stdout)), false, 'the temporary directory is removed');
  });

  void test('Ctrl-C of `npm start | tee log`: the closed stdout (EPIPE) is no crash; every controller stops, the temporary directory goes, exit 0', async () => {
    const { code, stdout, stderr } = await runRunner(['--seed', '4'], /Running\. Ctrl-C/, { closeStdout: true });
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|exited unexpectedly/);
    assert.equal(existsSync(dataRootOf(stdout)), false, 'the temporary directory is removed');
  });
});
