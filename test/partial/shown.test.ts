import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { createProbeHandler, deferred as deferredService, Lifecycle, renderReportSvg, renderReportText } from 'readygraph';
import { bindAll, defineService } from '../support/services.js';

/** Db; Warmup (deferred, on Db); Web (left idle by start({ only: [Warmup] })). */
async function started(): Promise<Lifecycle> {
  const Db = defineService('Db', { onReady: () => undefined });
  const Warmup = defineService('Warmup', { dependsOn: [Db], onReady: () => undefined });
  deferredService()(Warmup);
  const Web = defineService('Web', { dependsOn: [Db], onReady: () => undefined });
  const container = new Container();
  bindAll(container, Db, Warmup, Web);
  const lifecycle = new Lifecycle(container);
  const settled = new Promise<void>((resolve) => lifecycle.on('settled', () => resolve()));
  await lifecycle.start({ only: [Warmup] });
  await settled;
  return lifecycle;
}

describe('idle and deferred services are shown distinctly', () => {
  it('status() marks the deferred service and shows the idle one idle', async () => {
    const lifecycle = await started();
    const byName = new Map(lifecycle.status().services.map((service) => [service.name, service]));
    assert.equal(byName.get('Web')?.state, 'idle');
    assert.equal(byName.get('Warmup')?.deferred, true);
    assert.equal(byName.get('Db')?.deferred, undefined);
    await lifecycle.stop();
  });

  it('the text report says "ready at" and "settled at", names the deferred services and lists the idle ones', async () => {
    const lifecycle = await started();
    const text = renderReportText(lifecycle.report());
    assert.match(text, /^Ready at \d+ ms; settled at \d+ ms \(deferred: Warmup\)\.$/m);
    assert.match(text, /^Idle \(outside start\(\{ only \}\)\): Web$/m);
    await lifecycle.stop();
  });

  it('the SVG waterfall draws "ready at" and "settled at" lines, marks the deferred bar and labels the idle row', async () => {
    const lifecycle = await started();
    const svg = renderReportSvg(lifecycle.report());
    assert.match(svg, /class="ready-at"/);
    assert.match(svg, /class="settled-at"/);
    assert.match(svg, /class="service[^"]* deferred [^"]*" data-service="Warmup"/);
    assert.match(svg, /idle: outside start\(\{ only \}\)/);
    await lifecycle.stop();
  });

  it('/readyz?verbose marks the deferred service and the idle one, and is 200: only what was started counts', async () => {
    const lifecycle = await started();
    const server = createServer(createProbeHandler(lifecycle));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz?verbose`);
      const body = await response.text();
      assert.equal(response.status, 200);
      assert.match(body, /^\[\+\]Warmup ready \(deferred\)$/m);
      assert.match(body, /^\[-\]Web idle \(not started: outside start\(\{ only \}\)\)$/m);
    } finally {
      server.close();
    }
    await lifecycle.stop();
  });
});
