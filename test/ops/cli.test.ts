import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readygraph } from '../support/runCli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

// Each test spawns a process; they share nothing, so they run side by side.
describe('readygraph CLI', { concurrency: true }, () => {
  it('graph prints a Mermaid flowchart of the exported container without constructing anything', async () => {
    const run = await readygraph('graph', fixture('app.js'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^flowchart/);
    for (const name of ['Config', 'Disk', 'Http', 'storage', 'web']) assert.ok(run.stdout.includes(name), `${name} in:\n${run.stdout}`);
    assert.ok(!run.stdout.includes('constructed'), 'no service was constructed');
  });

  it('graph --format json prints the nodes with their layers and dependencies', async () => {
    const run = await readygraph('graph', fixture('app.js'), '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    const graph = JSON.parse(run.stdout) as { nodes: Array<{ name: string; layer?: string; dependsOn: string[] }> };
    const disk = graph.nodes.find((node) => node.name === 'Disk');
    // Each node also carries its supervision policy (test/supervision/cli.test.ts).
    assert.deepEqual({ ...disk, policy: undefined }, { name: 'Disk', layer: 'storage', dependsOn: ['Config'], policy: undefined });
    assert.deepEqual(graph.nodes.find((node) => node.name === 'Http')?.dependsOn, ['Config', 'Disk']);
  });

  it('graph --reduce leaves out the edges another path implies, and keeps the layer edges', async () => {
    const [full, reduced] = await Promise.all([readygraph('graph', fixture('app.js')), readygraph('graph', fixture('app.js'), '--reduce')]);
    assert.equal(reduced.code, 0, reduced.stderr);
    const edge = /S2 --> S0/; // Http -> Config, implied by web ==> storage and Disk -> Config
    assert.match(full.stdout, edge);
    assert.doesNotMatch(reduced.stdout, edge);
    assert.match(reduced.stdout, /L\d+ ==> L\d+/);
  });

  it('graph --format dot prints a digraph', async () => {
    const run = await readygraph('graph', fixture('app.js'), '--format', 'dot');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /digraph/);
  });

  it('check passes a valid graph with exit 0', async () => {
    const run = await readygraph('check', fixture('app.js'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ok: 3 lifecycle service\(s\) in 2 layer\(s\)/);
  });

  it('check fails a cyclic graph with exit 1 and the cycle path', async () => {
    const run = await readygraph('check', fixture('cycle.js'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /ERR_READYGRAPH_CYCLE/);
    assert.match(run.stderr, /(Ledger -> Audit -> Ledger|Audit -> Ledger -> Audit)/);
  });

  it('a module that exports no container is a usage error (exit 2) that says what to export', async () => {
    const run = await readygraph('check', fixture('hideOpenTelemetry.hooks.js'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /exports no container or lifecycle/);
    assert.match(run.stderr, /it exports: resolve/);
  });

  it('report renders a saved report as text and writes the SVG waterfall', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'readygraph-cli-'));
    try {
      const report = {
        state: 'ready',
        totalMs: 300,
        services: [
          { name: 'Config', state: 'ready', dependsOn: [], startedAt: 0, endedAt: 100, durationMs: 100, critical: true },
          { name: 'Api', state: 'ready', dependsOn: ['Config'], startedAt: 100, endedAt: 300, durationMs: 200, critical: true },
        ],
        criticalPath: ['Config', 'Api'],
        slowest: [
          { name: 'Api', durationMs: 200 },
          { name: 'Config', durationMs: 100 },
        ],
      };
      await writeFile(join(dir, 'report.json'), JSON.stringify(report));
      const run = await readygraph('report', join(dir, 'report.json'), '--svg', join(dir, 'out.svg'));
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Critical chain/);
      assert.match(run.stdout, /Api @100 ms \+200 ms\n\s+└─Config @0 ms \+100 ms/);
      const svg = await readFile(join(dir, 'out.svg'), 'utf8');
      assert.match(svg, /^<svg /);
      assert.equal(svg.match(/<rect class="bar"/g)?.length, 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('report rejects a file that is not a report with exit 2', async () => {
    const run = await readygraph('report', fixture('app.js'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot read the report/);
  });
});
