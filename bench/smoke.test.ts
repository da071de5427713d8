import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { criticalPathMs, restartCriticalPathMs } from './dag/limits.js';
import { restartCaseOf } from './dag/RestartCase.js';
import { workloadOf } from './dag/WorkloadSpec.js';
import { peerById } from './peers/index.js';
import { smokePlan } from './runner/plan.js';

const size = 100;
const plan = smokePlan(1, size);
// Peers whose stop has no order by design (bench/peers/inversify.ts: unbindAllAsync runs every @preDestroy at once):
// their stop-order cell must say so; every other peer's must be ✓.
const withoutStopOrder = new Set(['inversify', 'inversify6']);

/** The text of the section whose heading starts with `## ${letter}`. */
function section(markdown: string, letter: string): string {
  return markdown.split('\n## ').find((candidate) => candidate.startsWith(`${letter} `)) ?? '';
}

/** The cells of the first table row whose cells start with `leading`. */
function row(text: string, ...leading: string[]): string[] | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`| ${leading.join(' | ')} |`));
  return line?.split('|').slice(1, -1).map((cell) => cell.trim());
}

/** The median of a `median (min–max)` cell. */
function median(cell: string | undefined): number {
  return Number((cell ?? '').split(' ')[0]?.replaceAll(',', ''));
}

void test('the smoke bench prints every peer in every scenario, in order, with sane numbers', { timeout: 60_000 }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'readygraph-bench-'));
  const out = join(folder, 'smoke.md');
  try {
    const run = fileURLToPath(new URL('./run.js', import.meta.url));
    await promisify(execFile)(process.execPath, [run, '--smoke', '--size', String(size), '--parallel', '2', '--out', out], {
      timeout: 55_000,
    });
    const markdown = readFileSync(out, 'utf8');

    // No scheduler can beat the critical path. The event loop counts whole milliseconds, so a timer can fire up to
    // 1 ms early: each hook on the path is allowed that.
    const floorOf = (workload: ReturnType<typeof workloadOf>, hookMs: readonly number[]): number =>
      criticalPathMs(
        workload.dag,
        hookMs.map((ms) => Math.max(0, ms - 1)),
      );
    for (const scenario of plan.lifecycle) {
      const workload = workloadOf(scenario.workload);
      const limit = floorOf(workload, workload.startMs);
      for (const id of scenario.peers) {
        const peer = peerById(id);
        const cells = row(section(markdown, scenario.group), scenario.id, peer.label);
        assert.ok(cells, `no row for ${scenario.id} / ${peer.label}`);
        const boot = median(cells[2]);
        assert.ok(Number.isFinite(boot), `${scenario.id} / ${id}: boot ${cells[2]} is not a number`);
        assert.ok(boot >= limit, `${scenario.id} / ${id}: boot ${boot} ms beats the critical path ${limit} ms`);
        assert.equal(cells[cells.length - 1], peer.callsHooks ? '✓' : '— (no hooks)', `${scenario.id} / ${id}: start order`);
      }
    }
    for (const scenario of plan.lifecycle.filter((candidate) => candidate.reportStop)) {
      const workload = workloadOf(scenario.workload);
      const limit = floorOf(workload, workload.stopMs);
      for (const id of scenario.peers.filter((candidate) => peerById(candidate).callsHooks)) {
        const cells = row(section(markdown, 'D'), scenario.id, peerById(id).label);
        assert.ok(cells, `no stop row for ${scenario.id} / ${id}`);
        const stop = median(cells[2]);
        assert.ok(Number.isFinite(stop), `${scenario.id} / ${id}: stop ${cells[2]} is not a number`);
        if (withoutStopOrder.has(id)) {
          assert.match(cells[cells.length - 1] ?? '', /^✗ \d+ stopped early/, `${scenario.id} / ${id}: stop order`);
          continue;
        }
        // Every stop hook ran after the stop hooks of its dependents (the reverse of the start), and every one ran;
        // so the stop, like the start, cannot beat the critical path.
        assert.equal(cells[cells.length - 1], '✓', `${scenario.id} / ${id}: stop order`);
        assert.ok(stop >= limit, `${scenario.id} / ${id}: stop ${stop} ms beats the critical path ${limit} ms`);
      }
    }
    for (const scenario of plan.graph) {
      for (const label of ['readygraph (constructor injection)', 'floor']) {
        const cells = row(section(markdown, 'E'), scenario.size.toLocaleString('en-US'), (3 * scenario.size - 6).toLocaleString('en-US'), label);
        assert.ok(cells, `no graph row for ${scenario.id} / ${label}`);
        const total = median(cells[7]);
        assert.ok(Number.isFinite(total), `${scenario.id} / ${label}: graph()+render ${cells[7]} is not a number`);
      }
    }
    for (const scenario of plan.restart) {
      const workload = workloadOf(scenario.workload);
      const restart = restartCaseOf(workload.dag, scenario.failing);
      const early = (durations: readonly number[]): number[] => durations.map((ms) => Math.max(0, ms - 1));
      const limit = restartCriticalPathMs(workload.dag, restart, early(workload.startMs), early(workload.stopMs));
      const cells = row(section(markdown, 'F'), scenario.id);
      assert.ok(cells, `no restart row for ${scenario.id}`);
      assert.equal(cells[2], String(restart.members.length), `${scenario.id}: restart set`);
      // A restart cannot beat its critical path either: the stops in reverse within the set, then the starts.
      const first = median(cells[4]);
      assert.ok(Number.isFinite(first) && first >= limit, `${scenario.id}: fail() → ready ${cells[4]} ms beats the critical path ${limit} ms`);
      assert.ok(median(cells[7]) >= limit, `${scenario.id}: the second restart ${cells[7]} ms beats the critical path ${limit} ms`);
      assert.match(cells[9] ?? '', /each once ✓$/, `${scenario.id}: hooks called once per restart`);
      assert.equal(cells[10], '✓', `${scenario.id}: restart order`);
    }
    assert.match(markdown, /## Targets \(issues 4 and 11\)/);
    assert.doesNotMatch(markdown, /## Errors/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
