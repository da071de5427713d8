import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import diagnosticsChannel from 'node:diagnostics_channel';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Container } from 'inversify';
import { enableTracing, layer, Lifecycle, spanAttributes, spanNames } from 'readygraph';
import { bindAll, defineService } from '../support/services.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

function byName(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const span = spans.find((candidate) => candidate.name === name);
  assert.ok(span !== undefined, `no span "${name}" among ${spans.map((candidate) => candidate.name).join(', ')}`);
  return span;
}

function isChild(child: ReadableSpan, parent: ReadableSpan): boolean {
  return child.parentSpanContext?.spanId === parent.spanContext().spanId && child.spanContext().traceId === parent.spanContext().traceId;
}

describe('enableTracing', () => {
  let disable: (() => void) | undefined;
  before(async () => {
    disable = await enableTracing({ tracerProvider: provider });
  });
  after(() => disable?.());
  beforeEach(() => exporter.reset());

  it('makes each hook a span under readygraph.start / readygraph.stop, with the service name and layer', async () => {
    const Storage = layer('storage');
    const Config = defineService('Config', { onReady: () => undefined, onStop: () => undefined });
    const Disk = defineService('Disk', { layer: Storage, dependsOn: [Config], onReady: () => undefined, onStop: () => undefined });
    const container = new Container();
    bindAll(container, Config, Disk);
    const lifecycle = new Lifecycle(container, { name: 'controller' });
    await lifecycle.start();
    await lifecycle.stop();

    const spans = exporter.getFinishedSpans();
    const start = byName(spans, spanNames.start);
    const stop = byName(spans, spanNames.stop);
    assert.equal(start.attributes[spanAttributes.lifecycle], 'controller');
    const diskReady = byName(spans, 'onReady Disk');
    assert.ok(isChild(diskReady, start), 'onReady spans are children of readygraph.start');
    assert.deepEqual(
      { service: diskReady.attributes[spanAttributes.service], layer: diskReady.attributes[spanAttributes.layer], hook: diskReady.attributes[spanAttributes.hook] },
      { service: 'Disk', layer: 'storage', hook: 'onReady' },
    );
    assert.equal(byName(spans, 'onReady Config').attributes[spanAttributes.layer], undefined, 'no layer, no attribute');
    const diskStop = byName(spans, 'onStop Disk');
    assert.ok(isChild(diskStop, stop), 'onStop spans are children of readygraph.stop');
    assert.ok(isChild(byName(spans, 'onStop Config'), stop));
    assert.equal(spans.length, 6);
    const configReady = byName(spans, 'onReady Config');
    const endOf = (span: ReadableSpan): number => span.endTime[0] * 1e9 + span.endTime[1];
    const startOf = (span: ReadableSpan): number => span.startTime[0] * 1e9 + span.startTime[1];
    // OpenTelemetry's clock adds performance.timeOrigin to performance.now() in floating point, which can lose a few
    // hundred nanoseconds; a microsecond of slack keeps the order check from failing on rounding.
    assert.ok(startOf(diskReady) >= endOf(configReady) - 1000, 'Disk started after Config was ready');
  });

  it('marks a failed hook and the start as errors; rollback stops are children of readygraph.start', async () => {
    const Config = defineService('Config', { onReady: () => undefined, onStop: () => undefined });
    const Broken = defineService('Broken', {
      dependsOn: [Config],
      onReady: () => {
        throw new Error('port taken');
      },
    });
    const container = new Container();
    bindAll(container, Config, Broken);
    const lifecycle = new Lifecycle(container);
    await assert.rejects(lifecycle.start());

    const spans = exporter.getFinishedSpans();
    const start = byName(spans, spanNames.start);
    const broken = byName(spans, 'onReady Broken');
    assert.equal(broken.status.code, 2, 'SpanStatusCode.ERROR');
    assert.equal(broken.status.message, 'port taken');
    assert.equal(broken.events[0]?.name, 'exception');
    assert.equal(broken.attributes[spanAttributes.aborted], false, 'a root cause');
    assert.equal(start.status.code, 2);
    assert.ok(isChild(byName(spans, 'onStop Config'), start), 'the rollback happened inside the start');
  });

  it('ends the start span as an error when stop() abandons the start', async () => {
    const Slow = defineService('Slow', {
      onReady: ({ signal }) => new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
    });
    const container = new Container();
    bindAll(container, Slow);
    const lifecycle = new Lifecycle(container);
    const started = lifecycle.start();
    await new Promise((resolve) => setImmediate(resolve));
    await lifecycle.stop();
    await assert.rejects(started);

    const spans = exporter.getFinishedSpans();
    assert.equal(byName(spans, spanNames.start).status.code, 2);
    assert.equal(byName(spans, 'onReady Slow').attributes[spanAttributes.aborted], true);
    byName(spans, spanNames.stop);
    assert.ok(spans.every((span) => span.ended));
  });
});

describe('diagnostics channels', () => {
  it('publish every event as readygraph:<event> with the lifecycle', async () => {
    const seen: string[] = [];
    const names = ['starting', 'service:starting', 'service:ready', 'ready', 'stopping', 'service:stopping', 'service:stopped', 'stopped'];
    const Config = defineService('Config', { onReady: () => undefined, onStop: () => undefined });
    const container = new Container();
    bindAll(container, Config);
    const lifecycle = new Lifecycle(container);
    const listeners = names.map((event) => {
      const listener = (message: unknown): void => {
        const payload = message as { lifecycle?: unknown; name?: string };
        if (payload.lifecycle === lifecycle) seen.push(`${event}:${payload.name ?? '?'}`);
      };
      diagnosticsChannel.subscribe(`readygraph:${event}`, listener);
      return () => diagnosticsChannel.unsubscribe(`readygraph:${event}`, listener);
    });
    try {
      await lifecycle.start();
      await lifecycle.stop();
    } finally {
      for (const unsubscribe of listeners) unsubscribe();
    }
    assert.deepEqual(seen, [
      'starting:lifecycle',
      'service:starting:Config',
      'service:ready:Config',
      'ready:lifecycle',
      'stopping:lifecycle',
      'service:stopping:Config',
      'service:stopped:Config',
      'stopped:lifecycle',
    ]);
  });
});

describe('enableTracing without @opentelemetry/api', () => {
  it('rejects with ERR_READYGRAPH_USAGE saying what to install', async () => {
    const script = fileURLToPath(new URL('./fixtures/withoutOpenTelemetry.js', import.meta.url));
    const child = spawn(process.execPath, [script]);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.match(stdout, /^ERR_READYGRAPH_USAGE: enableTracing\(\) needs @opentelemetry\/api.*npm install @opentelemetry\/api/);
  });
});
