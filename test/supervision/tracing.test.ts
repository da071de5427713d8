import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Container } from 'inversify';
import { enableTracing, Lifecycle, spanAttributes, spanNames, supervise, type ReadyContext } from 'readygraph';
import { Contexts } from '../support/Contexts.js';
import { ManualClock } from '../support/ManualClock.js';
import { bindAll, defineService } from '../support/services.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
const named = (spans: readonly ReadableSpan[], name: string): ReadableSpan[] => spans.filter((span) => span.name === name);
const childrenOf = (spans: readonly ReadableSpan[], parent: ReadableSpan): string[] =>
  spans.filter((span) => parentOf(span) === parent.spanContext().spanId).map((span) => span.name);

/** Db restarts on failure at once; Api restarts with it; Web depends on Api but stays up. */
function restartingGraph(dbOnReady: (ctx: ReadyContext) => void, { clock = new ManualClock(), initialMs = 0 } = {}) {
  const Db = defineService('Db', { onReady: dbOnReady, onStop: () => undefined });
  supervise({ restart: 'on-failure', backoff: { initialMs, jitter: 0 } })(Db);
  const Api = defineService('Api', { dependsOn: [Db], onReady: () => undefined, onStop: () => undefined });
  supervise({ restartWithDependencies: true })(Api);
  const Web = defineService('Web', { dependsOn: [Api], onReady: () => undefined, onStop: () => undefined });
  const container = new Container();
  bindAll(container, Db, Api, Web);
  return { Db, Api, Web, lifecycle: new Lifecycle(container, { name: 'controller', clock }) };
}

describe('enableTracing, under supervision', () => {
  let disable: (() => void) | undefined;
  before(async () => {
    disable = await enableTracing({ tracerProvider: provider });
  });
  after(() => disable?.());
  beforeEach(() => exporter.reset());

  it('makes a restart one span, from service:restarting to ready again, holding the hooks of its restart set', async () => {
    const db = new Contexts();
    const { Web, lifecycle } = restartingGraph(db.onReady);
    await lifecycle.start();
    db.last.fail(new Error('connection reset'));
    await lifecycle.whenReady(Web);
    // A copy: the exporter keeps adding to the array it returns.
    const duringRestart = [...exporter.getFinishedSpans()];
    await lifecycle.stop();

    const restarts = named(duringRestart, spanNames.restart);
    assert.equal(restarts.length, 1, 'one span per restart');
    const restart = restarts[0] as ReadableSpan;
    assert.deepEqual(
      {
        service: restart.attributes[spanAttributes.service],
        attempt: restart.attributes[spanAttributes.restartAttempt],
        delayMs: restart.attributes[spanAttributes.restartDelayMs],
        lifecycle: restart.attributes[spanAttributes.lifecycle],
      },
      { service: 'Db', attempt: 1, delayMs: 0, lifecycle: 'controller' },
    );
    assert.equal(restart.status.code, 0, 'a restart that brought the service back is not an error');
    assert.equal(restart.attributes[spanAttributes.aborted], undefined);
    assert.equal(restart.events[0]?.name, 'exception');
    assert.equal(restart.events[0]?.attributes?.['exception.message'], 'connection reset', 'the failure that caused it');
    assert.deepEqual(childrenOf(duringRestart, restart).sort(), ['onReady Api', 'onReady Db', 'onStop Api', 'onStop Db']);
    assert.equal(parentOf(restart), undefined, 'a restart is a trace of its own, not part of the finished start');

    const spans = exporter.getFinishedSpans();
    const stop = named(spans, spanNames.stop)[0] as ReadableSpan;
    assert.deepEqual(childrenOf(spans, stop).sort(), ['onStop Api', 'onStop Db', 'onStop Web'], 'the final stop is not part of the restart');
  });

  it('ends a restart whose onReady fails as an error, and the next restart is a span of its own', async () => {
    const db = new Contexts();
    const { Web, lifecycle } = restartingGraph((ctx) => {
      db.onReady(ctx);
      if (db.all.length === 2) throw new Error('still down');
    });
    await lifecycle.start();
    db.last.fail(new Error('connection reset'));
    await lifecycle.whenReady(Web);
    await lifecycle.stop();

    const restarts = named(exporter.getFinishedSpans(), spanNames.restart);
    assert.deepEqual(
      restarts.map((span) => [span.attributes[spanAttributes.restartAttempt], span.status.code, span.status.message]),
      [
        [1, 2, 'still down'],
        [2, 0, undefined],
      ],
    );
  });

  it('makes a requested restart a span with attempt 0 and no cause', async () => {
    const { Db, lifecycle } = restartingGraph(() => undefined);
    await lifecycle.start();
    await lifecycle.restart(Db);
    await lifecycle.stop();

    const restarts = named(exporter.getFinishedSpans(), spanNames.restart);
    assert.deepEqual(
      restarts.map((span) => [span.attributes[spanAttributes.restartAttempt], span.events.length, span.status.code]),
      [[0, 0, 0]],
    );
  });

  it('ends a restart that a stop cancels (during its backoff) as aborted, leaving no span open', async () => {
    const clock = new ManualClock();
    const db = new Contexts();
    const { lifecycle } = restartingGraph(db.onReady, { clock, initialMs: 1_000 });
    await lifecycle.start();
    db.last.fail(new Error('connection reset'));
    await clock.advance(10);
    await lifecycle.stop();

    const spans = exporter.getFinishedSpans();
    const restarts = named(spans, spanNames.restart);
    assert.equal(restarts.length, 1);
    assert.equal(restarts[0]?.attributes[spanAttributes.aborted], true);
    assert.equal(named(spans, 'onReady Db').length, 1, 'Db never came back');
    assert.ok(spans.every((span) => span.ended));
  });
});
