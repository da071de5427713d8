import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { classifyWrite } from '../src/machinery/chaos/classifyWrite.js';
import { longestGap } from '../src/machinery/chaos/longestGap.js';
import { planFaults } from '../src/machinery/chaos/planFaults.js';
import { urlFromConfigFile } from '../src/machinery/cluster/urlFromConfigFile.js';
import { seededRandom } from '../src/machinery/raft/seededRandom.js';
import { tempDir } from './support/tempDir.js';

describe('the chaos loop’s plan: kills, reloads, replays and moved restarts in turn, in a seeded order', () => {
  const nodes = ['ctrl-1', 'ctrl-2', 'ctrl-3'];
  const kinds = ['kill', 'reload', 'replay', 'moved-restart'] as const;
  void test('the same seed plans the same faults; the kinds are taken in turn, so four faults are one of each', () => {
    for (const count of [1, 2, 3, 4, 7]) {
      const plan = planFaults({ count, nodes, random: seededRandom(9) });
      assert.deepEqual(planFaults({ count, nodes, random: seededRandom(9) }), plan, 'reproducible');
      assert.equal(plan.length, count);
      kinds.forEach((kind, index) => assert.equal(plan.filter((fault) => fault.kind === kind).length, Math.floor((count - index + 3) / 4), `${count} faults: ${kind}`));
      for (const fault of plan) assert.ok(nodes.includes(fault.node));
    }
  });
  void test('a single controller gets kills and reloads only (no peer to replay to or move with)', () => {
    const plan = planFaults({ count: 4, nodes: ['ctrl-1'], random: seededRandom(9) });
    assert.deepEqual([...new Set(plan.map((fault) => fault.kind))].sort(), ['kill', 'reload']);
  });
  void test('seeds change the order and the targets', () => {
    const plans = new Set([1, 2, 3, 4, 5, 6].map((seed) => JSON.stringify(planFaults({ count: 4, nodes, random: seededRandom(seed) }))));
    assert.ok(plans.size > 1);
  });
  void test('a count that is not a positive integer, or no controllers, is refused naming the value', () => {
    assert.throws(() => planFaults({ count: 0, nodes, random: seededRandom(1) }), /count must be an integer >= 1, got 0/);
    assert.throws(() => planFaults({ count: 1.5, nodes, random: seededRandom(1) }), /got 1\.5/);
    assert.throws(() => planFaults({ count: 1, nodes: [], random: seededRandom(1) }), /no controllers/);
  });
});

describe('what a write’s answer says: acknowledged, ambiguous (may have been committed) or failed', () => {
  const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
  const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
  const cases: Array<[string, Parameters<typeof classifyWrite>[0], ReturnType<typeof classifyWrite>]> = [
    ['200', { status: 200, body: { data: {} } }, 'acknowledged'],
    ['a timed-out proposal', { status: 503, body: { error: 'the write was not committed within 5000 ms (no quorum?); it may still commit' } }, 'ambiguous'],
    ['a forwarded write whose answer was lost', { status: 503, body: { error: 'forwarded the write to the leader ctrl-1, but its answer was lost (x): it may have been committed; read it back' } }, 'ambiguous'],
    ['no leader known', { status: 503, body: { error: 'no leader is known yet; retry shortly' } }, 'failed'],
    ['a write the follower could not send', { status: 503, body: { error: 'could not reach the leader ctrl-1 (fetch failed: ECONNREFUSED): the write was not sent; retry it' } }, 'failed'],
    ['lost to a leader change', { status: 503, body: { error: 'the write was lost to a leader change; retry it' } }, 'failed'],
    ['a bad request', { status: 400, body: { error: 'the body must be a JSON object' } }, 'failed'],
    ['a 500 (nothing says it was not committed)', { status: 500, body: { error: 'boom' } }, 'ambiguous'],
    ['a refused connection (nothing sent)', { error: refused }, 'failed'],
    ['a reset connection', { error: reset }, 'ambiguous'],
    ['a timeout', { error: new DOMException('The operation was aborted due to timeout', 'TimeoutError') }, 'ambiguous'],
  ];
  for (const [what, answer, outcome] of cases) void test(`${what}: ${outcome}`, () => assert.equal(classifyWrite(answer), outcome));
});

void test('longest unavailability: the longest stretch without an acknowledgement, from the start and up to the end', () => {
  assert.deepEqual(longestGap([], 0, 100), { from: 0, to: 100 }, 'nothing acknowledged: the whole run');
  assert.deepEqual(longestGap([10, 20, 70, 80], 0, 100), { from: 20, to: 70 });
  assert.deepEqual(longestGap([50, 10], 0, 55), { from: 10, to: 50 }, 'unsorted times');
  assert.deepEqual(longestGap([5, 10], 0, 100), { from: 10, to: 100 }, 'up to the end');
  assert.deepEqual(longestGap([-5, 60, 200], 0, 100), { from: 0, to: 60 }, 'times outside the run are ignored');
});

describe('where the runner reaches a controller: its config file, read at each use', () => {
  const write = async (t: TestContext, config: unknown): Promise<string> => {
    const file = join(await tempDir(t), 'ctrl-1.json');
    await writeFile(file, JSON.stringify(config));
    return file;
  };
  void test('the bind address, and the new port once the file says so (a reload onto another port)', async (t) => {
    const file = await write(t, { id: 'ctrl-1', web: { bind: { host: '127.0.0.1', port: 4000 } } });
    assert.equal(urlFromConfigFile(file), 'http://127.0.0.1:4000');
    await writeFile(file, JSON.stringify({ id: 'ctrl-1', web: { bind: { host: '127.0.0.1', port: 4001 } } }));
    assert.equal(urlFromConfigFile(file), 'http://127.0.0.1:4001');
  });
  void test('the advertised address when there is one; the default host when the bind address has none', async (t) => {
    assert.equal(urlFromConfigFile(await write(t, { web: { bind: { host: '0.0.0.0', port: 4000 }, advertise: 'ctrl-1.local:4000' } })), 'http://ctrl-1.local:4000');
    assert.equal(urlFromConfigFile(await write(t, { web: { bind: { port: 4000 } } })), 'http://127.0.0.1:4000');
  });
  void test('a file without a port is refused, naming the file and the field to give', async (t) => {
    const file = await write(t, { web: { bind: { host: '127.0.0.1' } } });
    assert.throws(() => urlFromConfigFile(file), (error: Error) => error.message.includes(file) && /give it web\.bind\.port/.test(error.message));
    await writeFile(file, '{ not json');
    assert.throws(() => urlFromConfigFile(file), (error: Error) => error.message.includes(file) && /must be the controller's JSON config file/.test(error.message));
  });
});
