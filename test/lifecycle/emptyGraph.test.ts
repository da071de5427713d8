// API.md, 'Fitting real applications': "An empty graph is loud" — the runtime's side (the message itself is tested
// with the graph, in test/graph/fitting.test.ts).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { errorCodes, Lifecycle, type LifecycleEventName, type ReadyGraphError } from 'readygraph';
import { emptyGraphError } from '#internal/graph/emptyGraphError.js';
import { vertexGraphOf } from '#internal/graph/ReadinessGraph.js';

/** An autobind container that binds two constants and no lifecycle service: what the real application had. */
function constantsOnly(): Container {
  const container = new Container({ autobind: true });
  container.bind('port').toConstantValue(8080);
  container.bind('dsn').toConstantValue('postgres://');
  return container;
}

function recordEvents(lifecycle: Lifecycle): string[] {
  const seen: string[] = [];
  for (const event of ['starting', 'ready', 'degraded', 'failed', 'stopping', 'stopped'] as const satisfies readonly LifecycleEventName[]) {
    lifecycle.on(event, () => seen.push(event));
  }
  return seen;
}

describe('an empty graph at start()', () => {
  it('"start() of a Lifecycle whose graph has no lifecycle service rejects with ERR_READYGRAPH_USAGE", with the message of emptyGraphError', async () => {
    const container = constantsOnly();
    const lifecycle = new Lifecycle(container);
    const events = recordEvents(lifecycle);
    const expected = emptyGraphError(vertexGraphOf(lifecycle.graph())).message;
    await assert.rejects(lifecycle.start(), (error: unknown) => {
      assert.equal((error as ReadyGraphError).code, errorCodes.usage);
      assert.equal((error as Error).message, expected);
      assert.match(expected, /the container has 2 bindings, none of them a lifecycle service/);
      return true;
    });
    // Like any graph error: the lifecycle failed before anything was constructed, and says so.
    assert.deepEqual(events, ['starting', 'failed']);
    assert.equal(lifecycle.state, 'failed');
    await assert.rejects(lifecycle.whenStopped(), { code: errorCodes.usage });
  });

  it('"graph() returns the empty graph (it is a question, not a start)", before and after the failed start', async () => {
    const lifecycle = new Lifecycle(constantsOnly());
    assert.deepEqual(lifecycle.graph().nodes, []);
    await assert.rejects(lifecycle.start(), { code: errorCodes.usage });
    assert.deepEqual(lifecycle.graph().nodes, []);
  });

  it('"allowEmpty: true lets it start (and resolve at once)": ready, then a clean stop', async () => {
    const lifecycle = new Lifecycle(constantsOnly(), { allowEmpty: true });
    const events = recordEvents(lifecycle);
    await lifecycle.start();
    assert.equal(lifecycle.state, 'ready');
    assert.deepEqual(lifecycle.status().services, []);
    await lifecycle.stop();
    await lifecycle.whenStopped();
    assert.deepEqual(events, ['starting', 'ready', 'stopping', 'stopped']);
  });
});
