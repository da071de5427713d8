// The command line on the rules of 'Fitting real applications' and 'Partial start and deferred services'.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readygraph } from '../support/runCli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface JsonNode {
  readonly name: string;
  readonly deferred?: boolean;
  readonly independentOf?: string[];
  readonly restartWithDependencies?: string[];
  readonly policy: { readonly restartWithDependencies: unknown };
}

// Each test spawns a process; they share nothing, so they run side by side.
describe('readygraph CLI: fitting real applications, partial start, deferred services', { concurrency: true }, () => {
  it('"readygraph check exits 1 on an empty graph with the same message" (counting the bindings, naming the causes)', async () => {
    const run = await readygraph('check', fixture('empty.js'));
    assert.equal(run.code, 1, run.stdout);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /ERR_READYGRAPH_USAGE: the readiness graph is empty: the container has 2 bindings, none of them a lifecycle service/);
    assert.match(run.stderr, /this container autobinds.*option services.*arrow-function fields.*toDynamicValue/s);
  });

  it('check --only X prints the closure of X, one name a line, in start order; comma lists and repeats add up', async () => {
    const [migrate, both, layerTarget] = await Promise.all([
      readygraph('check', fixture('fitted.js'), '--only', 'Migrate'),
      readygraph('check', fixture('fitted.js'), '--only', 'Migrate,Raft', '--only', 'Config'),
      readygraph('check', fixture('fitted.js'), '--only', 'web'),
    ]);
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.equal(migrate.stdout, 'Config\nDisk\nMigrate\n', 'its dependencies, not its layer-mates (Raft)');
    assert.equal(both.code, 0, both.stderr);
    assert.deepEqual(both.stdout.trim().split('\n'), ['Config', 'Disk', 'Migrate', 'Raft']);
    assert.equal(layerTarget.code, 0, layerTarget.stderr);
    const names = layerTarget.stdout.trim().split('\n');
    // Not Scheduler: Http is @independentOf it, so nothing in the closure depends on it.
    assert.deepEqual([...names].sort(), ['Config', 'Disk', 'Http', 'Raft']);
    assert.ok(names.indexOf('Http') > names.indexOf('Disk') && names.indexOf('Disk') > names.indexOf('Config'), names.join(', '));
  });

  it('check --only with a name no service or layer has exits 1 naming it', async () => {
    const run = await readygraph('check', fixture('fitted.js'), '--only', 'Nope');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /ERR_READYGRAPH_USAGE: only "Nope": no service or layer has that name/);
  });

  it('check --only checks the whole graph as usual: a cycle elsewhere still fails it', async () => {
    const run = await readygraph('check', fixture('cycle.js'), '--only', 'A');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /ERR_READYGRAPH_CYCLE/);
  });

  it('graph --format json lists deferred, independentOf and a list-valued restartWithDependencies', async () => {
    const run = await readygraph('graph', fixture('fitted.js'), '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    const nodes = (JSON.parse(run.stdout) as { nodes: JsonNode[] }).nodes;
    const node = (name: string): JsonNode | undefined => nodes.find((candidate) => candidate.name === name);
    assert.equal(node('Warmup')?.deferred, true);
    assert.equal(node('Http')?.deferred, undefined);
    assert.deepEqual(node('Http')?.independentOf, ['Scheduler']);
    assert.deepEqual(node('Http')?.restartWithDependencies, ['Disk']);
    assert.deepEqual(node('Http')?.policy.restartWithDependencies, ['Disk']);
    assert.equal(node('Disk')?.policy.restartWithDependencies, false);
  });

  it('graph marks deferred services in Mermaid and DOT', async () => {
    const [mermaid, dot] = await Promise.all([readygraph('graph', fixture('fitted.js')), readygraph('graph', fixture('fitted.js'), '--format', 'dot')]);
    assert.equal(mermaid.code, 0, mermaid.stderr);
    assert.match(mermaid.stdout, /S\d+\(\["Warmup \(deferred\)"\]\)/);
    assert.doesNotMatch(mermaid.stdout, /Http \(deferred\)/);
    assert.equal(dot.code, 0, dot.stderr);
    assert.match(dot.stdout, /S\d+ \[label="Warmup \(deferred\)", style="rounded,dashed"\];/);
  });

  it('"readygraph impact X lists X apart from the services that restart with it", with a list-valued restartWithDependencies: Http restarts with Disk, which it lists, not with Raft', async () => {
    const [disk, raft] = await Promise.all([readygraph('impact', fixture('fitted.js'), 'Disk'), readygraph('impact', fixture('fitted.js'), 'Raft', '--json')]);
    assert.equal(disk.code, 0, disk.stderr);
    assert.equal(
      disk.stdout,
      "A failure of Disk (restart: 'on-failure', escalate: false):\n" +
        '  while it restarts (at most 5 restart(s) within 60000 ms):\n' +
        '    restarts with it (1): Http\n' +
        '    held unavailable (2): Warmup, Migrate\n' +
        '    keeps running (3): Config, Raft, Scheduler\n' +
        '  when supervision gives up (a failure past 5 restart(s) within 60000 ms):\n' +
        '    stops (2): Disk, Http; Disk stays failed until lifecycle.restart()\n' +
        '    held unavailable (2): Warmup, Migrate\n' +
        '    keeps running (3): Config, Raft, Scheduler\n',
    );
    assert.equal(raft.code, 0, raft.stderr);
    const report = JSON.parse(raft.stdout) as { whileRestarting: { restartsWith: string[]; heldUnavailable: string[] }; whenGivingUp: unknown };
    assert.deepEqual(report.whileRestarting.restartsWith, [], 'Http lists Disk only: it stays up while Raft restarts');
    assert.deepEqual(report.whileRestarting.heldUnavailable, ['Http', 'Warmup']);
    assert.deepEqual(report.whenGivingUp, { stopsTheLifecycle: true });
  });
});
