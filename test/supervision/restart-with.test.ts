// API.md, 'Fitting real applications': "restartWithDependencies also takes an array of service identifiers and
// layers" — the policy's validation, the graph's resolution of the list, the restart-set rule (restartSetOf) and the
// drawings' "restarts with" edges.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Container, injectable, type Newable } from 'inversify';
import { errorCodes, inLayer, layer, Lifecycle, supervise, type ReadinessGraph, type ReadyGraphError, type SupervisionPolicy } from 'readygraph';
import { restartSetOf } from '#internal/graph/restartSetOf.js';
import { vertexGraphOf } from '#internal/graph/ReadinessGraph.js';
import { bindAll, defineService } from '../support/services.js';

const noop = (): void => undefined;

function usageError(pattern: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.equal((error as ReadyGraphError).code, errorCodes.usage, String(error));
    assert.match((error as Error).message, pattern);
    return true;
  };
}

function supervised(name: string, policy: SupervisionPolicy, dependencies: ReadonlyArray<Newable | ReturnType<typeof layer>> = []): new () => object {
  const type = defineService(name, { dependsOn: dependencies, onReady: noop });
  supervise(policy)(type);
  return type;
}

/** The ported server: a Redis listener that restarts with the Redis client only, not with the HTTP server. */
function redisApp(): { graph: ReadinessGraph; names: (indices: readonly number[]) => string[]; index: (name: string) => number } {
  const Config = defineService('Config', { onReady: noop });
  const RedisClient = defineService('RedisClient', { dependsOn: [Config], onReady: noop });
  const Http = defineService('Http', { dependsOn: [Config], onReady: noop });
  const Listener = supervised('Listener', { restartWithDependencies: [RedisClient] }, [RedisClient, Http]);
  // Restarts with Config, which it reaches only through RedisClient: listed transitive dependencies count.
  const Reporter = supervised('Reporter', { restartWithDependencies: [Config] }, [RedisClient]);
  // `true` keeps its meaning: every dependency, directly.
  const Audit = supervised('Audit', { restartWithDependencies: true }, [Http]);
  const container = new Container();
  bindAll(container, Config, RedisClient, Http, Listener, Reporter, Audit);
  const graph = new Lifecycle(container).graph();
  const data = vertexGraphOf(graph);
  return {
    graph,
    names: (indices) => indices.map((index) => data.services[index]?.name ?? '').sort(),
    index: (name) => data.services.findIndex((service) => service.name === name),
  };
}

describe('restartWithDependencies: a list', () => {
  it('is validated by @supervise, quoting a bad value', () => {
    assert.throws(() => supervise({ restartWithDependencies: 'yes' as never })(class Db {}), usageError(/^@supervise on "Db": restartWithDependencies must be true, false or an array .*got "yes"/));
    assert.throws(() => supervise({ restartWithDependencies: [] })(class Db {}), usageError(/empty array/));
    assert.throws(() => supervise({ restartWithDependencies: [undefined as never] })(class Db {}), usageError(/entry 1 is undefined \(usually a circular import/));
    assert.throws(() => supervise({ restartWithDependencies: [42 as never] })(class Db {}), usageError(/entry 1 is 42 \(number\)/));
  });

  it('is a class\'s own: the supervise option takes true or false only', () => {
    assert.throws(() => new Lifecycle(new Container(), { supervise: { restartWithDependencies: ['db'] } }), usageError(/option supervise: restartWithDependencies must be true or false here/));
  });

  it('is resolved by the graph to the node names of the listed dependencies (nodes[].restartWithDependencies)', () => {
    const { graph } = redisApp();
    const node = (name: string) => graph.nodes.find((candidate) => candidate.name === name);
    assert.deepEqual(node('Listener')?.restartWithDependencies, ['RedisClient']);
    assert.deepEqual(node('Reporter')?.restartWithDependencies, ['Config']);
    assert.equal(node('Audit')?.restartWithDependencies, undefined, 'true is not a list');
  });

  it('a layer stands for its members the service depends on', () => {
    const Storage = layer('storage');
    const Disk = defineService('Disk', { layer: Storage, onReady: noop });
    const Wal = defineService('Wal', { layer: Storage, onReady: noop });
    @injectable('Singleton')
    @inLayer(layer('web', { dependsOn: [Storage] }))
    @supervise({ restartWithDependencies: [Storage] })
    class Http {
      public onReady(): void {}
    }
    const container = new Container();
    bindAll(container, Disk, Wal, Http);
    assert.deepEqual(new Lifecycle(container).graph().nodes.find((node) => node.name === 'Http')?.restartWithDependencies, ['Disk', 'Wal']);
  });

  it('listing something the service does not depend on is ERR_READYGRAPH_USAGE from graph()', () => {
    const Config = defineService('Config', { onReady: noop });
    const Cache = defineService('Cache', { onReady: noop });
    const Api = supervised('Api', { restartWithDependencies: [Cache] }, [Config]);
    const container = new Container();
    bindAll(container, Config, Cache, Api);
    assert.throws(() => new Lifecycle(container).graph(), usageError(/@supervise on "Api": restartWithDependencies lists "Cache", but "Api" does not depend on it/));
    const Other = supervised('Other', { restartWithDependencies: [layer('nowhere')] }, [Config]);
    const second = new Container();
    bindAll(second, Config, Other);
    assert.throws(() => new Lifecycle(second).graph(), usageError(/lists layer "nowhere", but "Other" does not depend on it/));
    const Third = supervised('Third', { restartWithDependencies: ['unbound'] }, [Config]);
    const third = new Container();
    bindAll(third, Config, Third);
    assert.throws(() => new Lifecycle(third).graph(), usageError(/lists "unbound"/));
  });
});

describe('restartSetOf: the restart-set rule with lists', () => {
  it('a service that lists a member and depends on it (directly or transitively) restarts with it; it stays up while another dependency restarts', () => {
    const { graph, names, index } = redisApp();
    const data = vertexGraphOf(graph);
    assert.deepEqual(names(restartSetOf(data, index('RedisClient'))), ['Listener', 'RedisClient']);
    // Http's restart takes Audit (true, directly on Http), not Listener (it lists only RedisClient).
    assert.deepEqual(names(restartSetOf(data, index('Http'))), ['Audit', 'Http']);
    // Config's restart: Reporter lists it (reached through RedisClient); nothing else restarts with Config.
    assert.deepEqual(names(restartSetOf(data, index('Config'))), ['Config', 'Reporter']);
    assert.equal(restartSetOf(data, index('Config'))[0], index('Config'), 'the failed service first');
  });

  it('leaves out what eligible refuses (an idle service)', () => {
    const { graph, names, index } = redisApp();
    assert.deepEqual(names(restartSetOf(vertexGraphOf(graph), index('RedisClient'), (service) => service !== index('Listener'))), ['RedisClient']);
  });

  it('property: equals the fixed point of the rule over random graphs and policies', () => {
    const arbitrary = fc.integer({ min: 1, max: 10 }).chain((count) =>
      fc.record({
        edges: fc.tuple(...Array.from({ length: count }, (_, index) => (index === 0 ? fc.constant<number[]>([]) : fc.uniqueArray(fc.nat(index - 1), { maxLength: 3 })))),
        policies: fc.array(fc.oneof(fc.constant<'none' | 'all'>('none'), fc.constant<'none' | 'all'>('all'), fc.constant<'none' | 'all' | 'list'>('list')), { minLength: count, maxLength: count }),
        failed: fc.nat(count - 1),
        pick: fc.array(fc.nat(), { minLength: count, maxLength: count }),
      }),
    );
    fc.assert(
      fc.property(arbitrary, ({ edges, policies, failed, pick }) => {
        const reach = (from: number): Set<number> => {
          const found = new Set<number>();
          const stack = [...(edges[from] ?? [])];
          while (stack.length > 0) {
            const next = stack.pop() as number;
            if (found.has(next)) continue;
            found.add(next);
            stack.push(...(edges[next] ?? []));
          }
          return found;
        };
        const types: Array<new () => object> = [];
        const lists = new Map<number, number>();
        edges.forEach((list, index) => {
          const policy = policies[index];
          const reached = [...reach(index)];
          const type = defineService(`S${index}`, { dependsOn: list.map((on) => types[on] as new () => object), onReady: noop });
          if (policy === 'all') supervise({ restartWithDependencies: true })(type);
          if (policy === 'list' && reached.length > 0) {
            const listed = reached[(pick[index] ?? 0) % reached.length] as number;
            lists.set(index, listed);
            supervise({ restartWithDependencies: [types[listed] as Newable] })(type);
          }
          types.push(type);
        });
        const container = new Container();
        bindAll(container, ...types);
        const data = vertexGraphOf(new Lifecycle(container).graph());
        // The rule, as a fixed point: add D if (D is 'all' and depends directly on a member) or (D lists a member).
        const expected = new Set([failed]);
        for (let grew = true; grew; ) {
          grew = false;
          edges.forEach((list, dependent) => {
            if (expected.has(dependent)) return;
            const listed = lists.get(dependent);
            const joins = (policies[dependent] === 'all' && list.some((on) => expected.has(on))) || (listed !== undefined && expected.has(listed));
            if (joins) {
              expected.add(dependent);
              grew = true;
            }
          });
        }
        assert.deepEqual([...restartSetOf(data, failed)].sort((a, b) => a - b), [...expected].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('drawings of restart-with edges', () => {
  it('Mermaid and DOT label "restarts with" only the edges a list applies to', () => {
    const { graph } = redisApp();
    const data = vertexGraphOf(graph);
    const id = (name: string): string => `S${data.services.findIndex((service) => service.name === name)}`;
    const mermaid = graph.toMermaid();
    assert.match(mermaid, new RegExp(`${id('Listener')} -->\\|"restarts with"\\| ${id('RedisClient')}`));
    assert.match(mermaid, new RegExp(`${id('Listener')} --> ${id('Http')}\\n`), 'no label on the edge to Http');
    assert.match(mermaid, new RegExp(`${id('Reporter')} -->\\|"restarts with Config"\\| ${id('RedisClient')}`), 'a listed transitive dependency is named');
    assert.match(mermaid, new RegExp(`${id('Audit')} -->\\|"restarts with"\\| ${id('Http')}`));
    const dot = graph.toDot();
    assert.match(dot, new RegExp(`${id('Listener')} -> ${id('RedisClient')} \\[color=red, label="restarts with"\\]`));
    assert.match(dot, new RegExp(`${id('Listener')} -> ${id('Http')};`));
  });
});
