import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SimulatedCluster } from './support/SimulatedCluster.js';
import type { NetworkConditions } from './support/SimulatedCluster.js';

// Deterministic by default so CI replays the same schedules; set RAFT_SIM_SEED to explore others. A failure prints
// the seed and the shrunk schedule, and `fc.assert(..., { seed, path })` replays it.
const seed = Number(process.env['RAFT_SIM_SEED'] ?? 20_140_618);
const numRuns = Number(process.env['RAFT_SIM_RUNS'] ?? 400);

/** Simulated milliseconds of faults, then of healed network in which the cluster must make progress. */
const faultPhase = 8_000;
const livenessBound = 3_000;
/** After healing: no loss, no partitions, delays far below the 150 ms election timeout; duplicates still happen. */
const healed: NetworkConditions = { dropRate: 0, duplicateRate: 0.05, minDelay: 1, maxDelay: 15 };

/** One scheduled thing that happens to the cluster: a fault, a repair or a client write. */
type Step =
  | { readonly at: number; readonly kind: 'crash' | 'restart'; readonly node: number }
  | { readonly at: number; readonly kind: 'partition'; readonly groups: readonly number[] }
  | { readonly at: number; readonly kind: 'heal' | 'crash-leader' | 'isolate-leader' }
  | { readonly at: number; readonly kind: 'submit'; readonly via: number };

interface Scenario {
  readonly seed: number;
  readonly network: NetworkConditions;
  readonly maxEntriesPerMessage: number;
  readonly steps: readonly Step[];
}

function scenario(nodeCount: number): fc.Arbitrary<Scenario> {
  const at = fc.integer({ min: 0, max: faultPhase });
  const node = fc.nat(nodeCount - 1);
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ at, kind: fc.constantFrom('crash' as const, 'restart' as const), node }),
    fc.record({ at, kind: fc.constant('partition' as const), groups: fc.array(fc.nat(1), { minLength: nodeCount, maxLength: nodeCount }) }),
    fc.record({ at, kind: fc.constant('heal' as const) }),
    // Random faults rarely hit the leader; these do, and leader changes are where Raft's hard cases live.
    fc.record({ at, kind: fc.constantFrom('crash-leader' as const, 'isolate-leader' as const) }),
    // Client writes during the faults make logs diverge, which is where the safety properties get tested.
    { arbitrary: fc.record({ at, kind: fc.constant('submit' as const), via: node }), weight: 3 },
  );
  const network = fc
    .record({
      dropRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
      duplicateRate: fc.double({ min: 0, max: 0.2, noNaN: true }),
      minDelay: fc.integer({ min: 1, max: 20 }),
      // Up to 200 ms on top: longer than a heartbeat, so messages overtake each other and arrive from past terms.
      spread: fc.integer({ min: 0, max: 200 }),
    })
    .map(({ spread, ...rest }): NetworkConditions => ({ ...rest, maxDelay: rest.minDelay + spread }));
  return fc.record({
    seed: fc.integer(),
    network,
    maxEntriesPerMessage: fc.integer({ min: 1, max: 8 }),
    steps: fc.array(step, { minLength: 4, maxLength: 60, size: 'max' }),
  });
}

/** Plays one schedule, checking safety after every event (the cluster throws on a violation) and liveness at the end. */
function play(nodeCount: number, { seed, network, maxEntriesPerMessage, steps }: Scenario): { cluster: SimulatedCluster; recovery: number } {
  const cluster = new SimulatedCluster(nodeCount, seed, network, maxEntriesPerMessage);
  let written = 0;
  for (const step of [...steps].sort((a, b) => a.at - b.at)) {
    cluster.runUntil(step.at);
    switch (step.kind) {
      case 'crash':
        cluster.crash(cluster.ids[step.node] ?? '');
        break;
      case 'restart':
        cluster.restart(cluster.ids[step.node] ?? '');
        break;
      case 'partition':
        cluster.partition(step.groups);
        break;
      case 'heal':
        cluster.reconnect();
        break;
      case 'crash-leader': {
        const leader = cluster.leader();
        if (leader !== undefined) cluster.crash(leader);
        break;
      }
      case 'isolate-leader': {
        const leader = cluster.leader();
        if (leader !== undefined) cluster.partition(cluster.ids.map((id) => (id === leader ? 1 : 0)));
        break;
      }
      case 'submit':
        cluster.submit(`w${(written += 1)}`, cluster.ids[step.via] ?? '');
        break;
    }
  }
  cluster.runUntil(faultPhase);

  cluster.heal(healed);
  const healedAt = cluster.now;
  const probe = 'after-heal';
  let pending: { readonly index: number; readonly term: number } | undefined;
  const committedEverywhere = (): boolean => cluster.ids.every((id) => cluster.appliedCommands(id).includes(probe));
  while (!committedEverywhere() && cluster.now < healedAt + livenessBound) {
    cluster.runUntil(cluster.now + 10);
    const leader = cluster.leader();
    const leaderLog = leader === undefined ? undefined : cluster.core(leader)?.log;
    // (Re)submit when nothing is pending or the pending entry was replaced by a newer leader: clients retry.
    if (leader !== undefined && leaderLog !== undefined && (pending === undefined || leaderLog[pending.index - 1]?.term !== pending.term)) {
      const result = cluster.submit(probe, leader);
      pending = result?.accepted === true ? result : undefined;
    }
  }
  assert.ok(
    committedEverywhere(),
    `liveness: ${livenessBound} ms after healing, '${probe}' is not applied on every node (leader: ${cluster.leader() ?? 'none'})`,
  );
  cluster.checkLogsMatchPairwise();
  return { cluster, recovery: cluster.now - healedAt };
}

for (const nodeCount of [3, 5]) {
  describe(`raft simulation, ${nodeCount} nodes`, () => {
    it('keeps every safety property under delays, drops, duplicates, partitions, crashes and restarts, and commits once healed', (t) => {
      let leaderTerms = 0;
      let committed = 0;
      let events = 0;
      let slowestRecovery = 0;
      fc.assert(
        fc.property(scenario(nodeCount), (s) => {
          const { cluster, recovery } = play(nodeCount, s);
          const summary = cluster.summary();
          events += cluster.events;
          slowestRecovery = Math.max(slowestRecovery, recovery);
          leaderTerms += summary.leaderTerms;
          committed += summary.committed;
        }),
        { seed: seed + nodeCount, numRuns },
      );
      t.diagnostic(`${numRuns} runs: ${events} events, ${leaderTerms} terms with a leader, ${committed} entries committed`);
      t.diagnostic(`slowest recovery: a command was applied on every node ${slowestRecovery} ms (simulated) after healing`);
      // Guards against a simulation that passes because nothing happens in it.
      assert.ok(leaderTerms >= numRuns * 2, `only ${leaderTerms} leader terms over ${numRuns} runs: the faults barely bite`);
      assert.ok(committed >= numRuns * 3, `only ${committed} committed entries over ${numRuns} runs`);
    });
  });
}
