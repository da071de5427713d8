import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import type { ChaosSummary } from '../src/machinery/chaos/ChaosSummary.js';
import { runRunner } from './support/runRunner.js';

type RunnerSummary = ChaosSummary & { processes: Array<{ node: string; pid: number | null; exit: { code: number | null; signal: string | null } | null }> };

/** Whether process `pid` still exists (signal 0 only asks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Processes (Linux: /proc) whose command line mentions `text`; empty where there is no /proc. */
function processesMentioning(text: string): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('npm start -- --chaos: a bounded fault loop against real controllers on loopback', () => {
  void test('a kill -9, a web reload, a replay and a moved pair restarted under a write load: 0 acknowledged writes lost, every replay refused, every view current, no controller left running', async () => {
    const { code, stdout, stderr } = await runRunner(['--chaos', '--json', '--faults', '4', '--restart-delay', '500', '--seed', '3']);
    const lines = stdout.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 1, `one JSON line on stdout:\n${stdout}\n${stderr}`);
    const summary = JSON.parse(lines[0] ?? '') as RunnerSummary;
    assert.deepEqual(summary.problems, [], stderr);
    assert.equal(summary.acknowledgedLost, 0, `acknowledged writes lost: ${JSON.stringify(summary.lost)}`);
    assert.equal(summary.ok, true);
    assert.equal(code, 0, stderr);
    assert.deepEqual([summary.faults.kill, summary.faults.reload, summary.faults.replay, summary.faults.movedRestart], [1, 1, 1, 1], 'the faults asked for, by kind');
    assert.ok(summary.replays.sent >= 4, `replays sent: ${summary.replays.sent}`);
    assert.deepEqual([summary.replays.refused, summary.replays.accepted], [summary.replays.sent, 0], 'every replay refused');
    // The moved pair reached each other at their stored addresses (their config files name the old ones), with the
    // third controller paused: a leader between the two.
    const movedRestart = summary.faults.injected.find((fault) => fault.kind === 'moved-restart');
    assert.match(movedRestart?.detail ?? '', /both killed and restarted after 500 ms with ctrl-\d paused: a leader between them after \d+ ms/);
    for (const fault of summary.faults.injected) assert.ok(fault.recoveredAfterMs !== undefined, `${fault.kind} of ${fault.node} recovered`);
    assert.ok(summary.writes.acknowledged > 0, 'the client had writes acknowledged');
    assert.ok(summary.longestUnavailability.ms > 0 && summary.longestUnavailability.ms <= summary.durationMs);

    // Every controller's view of every other's address is where that one is now, also the one that moved.
    assert.equal(summary.views.length, 6);
    for (const view of summary.views) assert.equal(view.recorded, view.current, `${view.node}'s view of ${view.peer}`);
    const reload = summary.faults.injected.find((fault) => fault.kind === 'reload');
    const [, from, to] = /moved from (\S+) to (\S+) /.exec(reload?.detail ?? '') ?? [];
    assert.ok(from !== undefined && to !== undefined && from !== to, `the reload moved ${reload?.node}: ${reload?.detail}`);

    // The killed controller was restarted once, the moved pair once each: six processes, each ended (killed, or
    // stopped cleanly), none alive.
    assert.equal(summary.processes.length, 6);
    assert.equal(summary.processes.filter((child) => child.exit?.signal === 'SIGKILL').length, 3);
    assert.equal(summary.processes.filter((child) => child.exit?.code === 0).length, 3);
    for (const child of summary.processes) assert.ok(child.pid !== null && !alive(child.pid), `${child.node} (pid ${child.pid}) is not running`);
  });

  void test('Ctrl-C while a killed controller waits for its restart: no restart comes, every controller stops, the temporary directory goes, exit 0', async () => {
    // Seed 2 begins with a kill (its restart after 30 s: long after Ctrl-C).
    const { code, stdout, stderr } = await runRunner(['--chaos', '--faults', '2', '--restart-delay', '30000', '--seed', '2'], /chaos: \+\d+ ms fault 1\/2 \(kill -9[^\n]*\n[^]*mesh link to ctrl-\d lost/);
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /exited unexpectedly/);
    assert.match(stdout, /SIGINT: stopping every controller/);
    assert.match(stdout, /all 2 running controllers stopped cleanly \(ctrl-\d: down, killed by the chaos loop\)/);
    assert.doesNotMatch(stdout, /Chaos summary/, 'an interrupted loop has no summary');
    const svg = /start-up waterfall \(SVG\): (\S+)/.exec(stdout)?.[1];
    assert.ok(svg !== undefined, 'the live log shows where the data is');
    const root = dirname(dirname(svg));
    assert.equal(existsSync(root), false, 'the temporary directory is removed');
    assert.deepEqual(processesMentioning(root), [], 'no controller of this run is left running');
  });
});
