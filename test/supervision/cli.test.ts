import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readygraph } from '../support/runCli.js';

const supervised = fileURLToPath(new URL('./fixtures/supervised.js', import.meta.url));
const supervisedByOption = fileURLToPath(new URL('./fixtures/supervisedByOption.js', import.meta.url));

interface PolicyNode {
  readonly name: string;
  readonly policy: { restart: string; maxRestarts: number; restartWithDependencies: boolean; health: { intervalMs: number; failAfter: unknown } };
}

// Each test spawns a process; they share nothing, so they run side by side.
describe('readygraph CLI, supervision', { concurrency: true }, () => {
  it('impact prints, outcome by outcome, what restarts with a service (not the service itself), what is held unavailable, what keeps running, and what giving up stops', async () => {
    const run = await readygraph('impact', supervised, 'Db');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      "A failure of Db (restart: 'on-failure', escalate: false):\n" +
        '  while it restarts (at most 3 restart(s) within 60000 ms):\n' +
        '    restarts with it (2): Api, Worker\n' +
        // Reports restarts with its dependencies, but Web does not restart: Reports only waits for it.
        '    held unavailable (2): Web, Reports\n' +
        '    keeps running (1): Cache\n' +
        '  when supervision gives up (a failure past 3 restart(s) within 60000 ms):\n' +
        '    stops (3): Db, Api, Worker; Db stays failed until lifecycle.restart()\n' +
        '    held unavailable (2): Web, Reports\n' +
        '    keeps running (1): Cache\n',
    );
  });

  it('"never lists a service both as stopped and as running": restart \'never\' with escalate stops the whole lifecycle, and nothing is said to keep running', async () => {
    const run = await readygraph('impact', supervised, 'Web');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      "A failure of Web (restart: 'never', escalate: true):\n" +
        '  supervision gives up at once: the whole lifecycle stops, in reverse order, and ends failed (whenStopped() rejects with ERR_READYGRAPH_GAVE_UP)\n',
    );
    assert.doesNotMatch(run.stdout, /keeps running|restarts with/);
  });

  it('impact --json gives the same as data, with the policy, and "writes Infinity as null"', async () => {
    const [web, worker] = await Promise.all([readygraph('impact', supervised, 'Web', '--json'), readygraph('impact', supervised, 'Worker', '--json')]);
    assert.equal(web.code, 0, web.stderr);
    const report = JSON.parse(web.stdout) as { policy: { health: { failAfter: unknown } } };
    assert.deepEqual({ ...report, policy: undefined }, { service: 'Web', policy: undefined, whileRestarting: null, whenGivingUp: { stopsTheLifecycle: true } });
    assert.equal(report.policy.health.failAfter, null);
    assert.match(web.stdout, /"failAfter": null/);
    assert.doesNotMatch(web.stdout, /Infinity/);
    assert.equal(worker.code, 0, worker.stderr);
    // Worker restarts with its dependencies, but nothing restarts with Worker.
    assert.deepEqual(JSON.parse(worker.stdout), {
      service: 'Worker',
      policy: {
        restart: 'never',
        backoff: { initialMs: 100, maxMs: 30000, factor: 2, jitter: 0.2 },
        maxRestarts: 5,
        withinMs: 60000,
        escalate: true,
        retryStart: false,
        restartWithDependencies: true,
        health: { intervalMs: 500, timeoutMs: 2000, unreadyAfter: 1, failAfter: null },
      },
      whileRestarting: null,
      whenGivingUp: { stopsTheLifecycle: true },
    });
  });

  it('impact of an unknown service exits 2 naming the services there are', async () => {
    const run = await readygraph('impact', supervised, 'Dbb');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /has no lifecycle service "Dbb"; its services are: Db, Api, Worker, Web, Reports, Cache/);
  });

  it('graph --format json gives each node its policy: its @supervise over the defaults', async () => {
    const run = await readygraph('graph', supervised, '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    const nodes = (JSON.parse(run.stdout) as { nodes: PolicyNode[] }).nodes;
    const policy = (name: string) => nodes.find((node) => node.name === name)?.policy;
    assert.deepEqual([policy('Db')?.restart, policy('Db')?.maxRestarts, policy('Db')?.restartWithDependencies], ['on-failure', 3, false]);
    assert.deepEqual(policy('Worker')?.health, { intervalMs: 500, timeoutMs: 2000, unreadyAfter: 1, failAfter: null }, 'Infinity is written as null');
    assert.deepEqual(policy('Cache'), {
      restart: 'never',
      backoff: { initialMs: 100, maxMs: 30000, factor: 2, jitter: 0.2 },
      maxRestarts: 5,
      withinMs: 60000,
      escalate: true,
      retryStart: false,
      restartWithDependencies: false,
      health: { intervalMs: 10000, timeoutMs: 2000, unreadyAfter: 1, failAfter: null },
    });
  });

  it('graph marks the restart-with edges in Mermaid and DOT, and only those', async () => {
    const [mermaid, dot] = await Promise.all([readygraph('graph', supervised), readygraph('graph', supervised, '--format', 'dot')]);
    assert.equal(mermaid.code, 0, mermaid.stderr);
    // S0 Db, S1 Api, S2 Worker, S3 Web, S4 Reports.
    const marked = (text: string, pattern: RegExp): string[] => text.split('\n').filter((line) => pattern.test(line)).map((line) => line.trim());
    assert.deepEqual(marked(mermaid.stdout, /restarts with/), ['S1 -->|"restarts with"| S0', 'S2 -->|"restarts with"| S1', 'S4 -->|"restarts with"| S3']);
    assert.ok(mermaid.stdout.includes('  S3 --> S1\n'), 'Web waits for Api without restarting with it');
    assert.equal(dot.code, 0, dot.stderr);
    assert.deepEqual(marked(dot.stdout, /color=red/), [
      'S1 -> S0 [color=red, label="restarts with"];',
      'S2 -> S1 [color=red, label="restarts with"];',
      'S4 -> S3 [color=red, label="restarts with"];',
    ]);
  });

  it("a module's lifecycle gives its supervise option to every policy: graph --format json, the drawings and impact", async () => {
    const [json, mermaid, impact] = await Promise.all([
      readygraph('graph', supervisedByOption, '--format', 'json'),
      readygraph('graph', supervisedByOption),
      readygraph('impact', supervisedByOption, 'Db', '--json'),
    ]);
    assert.equal(json.code, 0, json.stderr);
    const nodes = (JSON.parse(json.stdout) as { nodes: PolicyNode[] }).nodes;
    assert.deepEqual(
      nodes.map((node) => [node.name, node.policy.restart, node.policy.maxRestarts, node.policy.restartWithDependencies]),
      [
        ['Db', 'on-failure', 7, true],
        ['Api', 'on-failure', 7, true],
        ['Web', 'on-failure', 7, false],
      ],
    );
    assert.equal(mermaid.code, 0, mermaid.stderr);
    // S0 Db, S1 Api, S2 Web: Api restarts with Db by the option; Web opted out.
    assert.ok(mermaid.stdout.includes('S1 -->|"restarts with"| S0'), mermaid.stdout);
    assert.ok(mermaid.stdout.includes('  S2 --> S1\n'), mermaid.stdout);
    assert.equal(impact.code, 0, impact.stderr);
    const report = JSON.parse(impact.stdout) as { policy: { maxRestarts: number }; whileRestarting: { restartsWith: string[]; heldUnavailable: string[] } };
    assert.deepEqual([report.whileRestarting.restartsWith, report.whileRestarting.heldUnavailable], [['Api'], ['Web']]);
    assert.equal(report.policy.maxRestarts, 7);
  });
});
