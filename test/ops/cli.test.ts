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

  it('graph draws a cyclic graph with the cycle marked (Mermaid) and still exits 1 with the cycle on stderr', async () => {
    const run = await readygraph('graph', fixture('cycle.js'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /ERR_READYGRAPH_CYCLE: Readiness cycle: (Ledger -> Audit -> Ledger|Audit -> Ledger -> Audit)/);
    assert.match(run.stdout, /^flowchart/);
    // Ledger (S0) and Audit (S1) wait for each other: both arrows are labelled and styled as the cycle, both nodes too.
    const links = [...run.stdout.matchAll(/^\s+(S\d) -->(\|"[^"]*"\|)? (S\d)$/gm)].map(([, from, label, to]) => `${from}${label ?? ''}${to}`);
    assert.deepEqual(links, ['S0|"cycle"|S1', 'S1|"cycle"|S0']);
    assert.match(run.stdout, /^\s+linkStyle 0,1 stroke:#d00/m);
    for (const node of ['S0', 'S1']) assert.match(run.stdout, new RegExp(`^\\s+style ${node} stroke:#d00`, 'm'));
  });

  it('graph --format dot draws the cycle in red and --reduce is ignored for it (every edge of the cycle is drawn)', async () => {
    const run = await readygraph('graph', fixture('cycle.js'), '--format', 'dot', '--reduce');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /ERR_READYGRAPH_CYCLE/);
    assert.match(run.stdout, /^digraph/);
    assert.match(run.stdout, /S0 \[label="Ledger", color=red, penwidth=3\]/);
    assert.match(run.stdout, /S0 -> S1 \[color=red, penwidth=3, label="cycle"\];/);
    assert.match(run.stdout, /S1 -> S0 \[color=red, penwidth=3, label="cycle"\];/);
  });

  it('graph --format json of a cyclic graph prints nothing (JSON has no marking) and exits 1 with the cycle', async () => {
    const run = await readygraph('graph', fixture('cycle.js'), '--format', 'json');
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /ERR_READYGRAPH_CYCLE/);
  });

  it('--version prints the package version and exits 0', async () => {
    const manifest = JSON.parse(await readFile(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as { version: string };
    const run = await readygraph('--version');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), manifest.version);
  });

  it('a TypeScript module gets a hint: compile it, or run the CLI through a TypeScript loader', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'readygraph-cli-'));
    try {
      const module = join(dir, 'app.ts');
      await writeFile(module, 'export const container: unknown = undefined;\n');
      const run = await readygraph('check', module);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /is TypeScript: compile it with tsc/);
      assert.match(run.stderr, /NODE_OPTIONS="--import tsx"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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

  it('report rejects a file that is not JSON with exit 2', async () => {
    const run = await readygraph('report', fixture('app.js'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot read the report .*app\.js: /);
  });

  it('report rejects JSON that is not a start-up report with exit 2, saying how to save one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'readygraph-cli-'));
    try {
      // A report from which one required field is missing at a time: each must be refused, not rendered.
      const complete = { state: 'ready', totalMs: 0, services: [], criticalPath: [], slowest: [] };
      for (const missing of ['totalMs', 'services', 'criticalPath', 'slowest']) {
        const path = join(dir, `without-${missing}.json`);
        await writeFile(path, JSON.stringify({ ...complete, [missing]: undefined }));
        const run = await readygraph('report', path);
        assert.equal(run.code, 2, `without ${missing}: ${run.stdout}${run.stderr}`);
        assert.match(run.stderr, /is not a start-up report; save one with JSON\.stringify\(lifecycle\.report\(\)\)/);
      }
      const empty = join(dir, 'complete.json');
      await writeFile(empty, JSON.stringify(complete));
      assert.equal((await readygraph('report', empty)).code, 0, 'the same report with every field is accepted');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
