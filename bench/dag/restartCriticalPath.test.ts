import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dag } from './Dag.js';
import { restartCriticalPathMs } from './limits.js';
import { restartCaseOf } from './RestartCase.js';

// 0 ← 1 ← 2, 0 ← 3, 1 ← 4: service 0 has four dependents, 1 has two.
const dag: Dag = { size: 5, deps: [[], [0], [1], [0], [1]] };
const startMs = [10, 20, 30, 40, 5];
const stopMs = [1, 2, 3, 4, 50];

void test('the restart set of case k is the failed service and exactly its first k dependents', () => {
  assert.deepEqual(restartCaseOf(dag, 1).members, [0, 1]);
  assert.deepEqual(restartCaseOf(dag, 2).members, [0, 1, 2]);
  assert.deepEqual(restartCaseOf(dag, 4).members, [0, 1, 2, 3, 4]);
  assert.deepEqual(restartCaseOf(dag, 4).failed, [0]);
  assert.throws(() => restartCaseOf(dag, 5), /no service of this 5-service graph has 5 dependents/);
});

void test("a restart's critical path is its stops in reverse within the set, then its starts", () => {
  // k = 2: {0, 1, 2}; stops 2 → 1 → 0 (3 + 2 + 1), then starts 0 → 1 → 2 (10 + 20 + 30). 4 stays up, held.
  assert.equal(restartCriticalPathMs(dag, restartCaseOf(dag, 2), startMs, stopMs), 6 + 60);
  // k = 4: the longest stop chain is 4 → 1 → 0 (50 + 2 + 1); the longest start chain 0 → 1 → 2 (10 + 20 + 30).
  assert.equal(restartCriticalPathMs(dag, restartCaseOf(dag, 4), startMs, stopMs), 53 + 60);
});

void test("in a storm a service starts once its own stop and its dependencies' restarts are over", () => {
  // Everyone restarts with their dependencies: 0 stops last (after 4 → 1, 53 ms) and everything waits for it.
  assert.equal(restartCriticalPathMs(dag, restartCaseOf(dag, 'storm'), startMs, stopMs), 53 + 60);
  // Without restartWithDependencies nobody waits for a dependent's stop: 0 is ready at 1 + 10, 1 at 11 + 20, 2 at
  // 31 + 30 = 61; 4's own stop (50 ms) holds it until max(50, 31) + 5 = 55.
  const isolated = { failed: [0, 1, 2, 3, 4], members: [0, 1, 2, 3, 4], restartsWithDependencies: [false, false, false, false, false] };
  assert.equal(restartCriticalPathMs(dag, isolated, startMs, stopMs), 61);
  // A slower stop of 4 (70 ms) is then the longest wait: max(70, 31) + 5.
  const slowStop = stopMs.map((ms, node) => (node === 4 ? 70 : ms));
  assert.equal(restartCriticalPathMs(dag, isolated, startMs, slowStop), 75);
});
