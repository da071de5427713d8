import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { layer, Lifecycle, renderReportSvg, renderReportText, type StartupReport } from 'readygraph';
import { flush, ManualClock } from '../support/ManualClock.js';
import { bindAll, defineService } from '../support/services.js';

const sleep = (clock: ManualClock, ms: number) => (): Promise<void> => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));

/**
 * Config (100 ms) <- Disk [storage] (300 ms) <- Raft [consensus] (200 ms), and Wal [storage] (50 ms) beside Disk,
 * Metrics (20 ms) alone. Critical path: Config -> Disk -> Raft, 600 ms. With `fail`, Raft throws instead, and Api, which
 * waits for Raft, never starts.
 */
async function startedReport(fail = false): Promise<StartupReport> {
  const clock = new ManualClock();
  const Storage = layer('storage');
  const Consensus = layer('consensus', { dependsOn: [Storage] });
  const Config = defineService('Config', { onReady: sleep(clock, 100) });
  const Disk = defineService('Disk', { layer: Storage, dependsOn: [Config], onReady: sleep(clock, 300) });
  const Wal = defineService('Wal', { layer: Storage, dependsOn: [Config], onReady: sleep(clock, 50) });
  const Raft = defineService('Raft', {
    layer: Consensus,
    onReady: async () => {
      await sleep(clock, 200)();
      if (fail) throw new Error('no quorum <3 & "peers">');
    },
  });
  const Metrics = defineService('Metrics', { onReady: sleep(clock, 20) });
  const container = new Container();
  bindAll(container, Config, Disk, Wal, Raft, Metrics);
  if (fail) bindAll(container, defineService('Api', { dependsOn: [Raft], onReady: () => undefined }));
  const lifecycle = new Lifecycle(container, { clock });
  const started = lifecycle.start().catch(() => undefined);
  await flush();
  await clock.advance(1000);
  await started;
  return lifecycle.report();
}

/** Elements of an SVG document, checked for well-formedness on the way: every tag closed, in order. */
function parseSvg(svg: string): Array<{ name: string; attributes: Record<string, string>; text: string }> {
  const elements: Array<{ name: string; attributes: Record<string, string>; text: string }> = [];
  const open: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>([^<]*)/g;
  let consumed = 0;
  for (const match of svg.matchAll(tag)) {
    assert.equal(svg.slice(consumed, match.index).trim(), '', `stray text before ${match[0].slice(0, 40)}`);
    consumed = (match.index ?? 0) + match[0].length;
    const [, closing, name = '', rawAttributes = '', selfClosing, text = ''] = match;
    assert.doesNotMatch(text, /&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/, `unescaped & in ${text}`);
    if (closing === '/') {
      assert.equal(open.pop(), name, `</${name}> closes what was opened`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const attribute of rawAttributes.matchAll(/([\w:-]+)="([^"]*)"/g)) attributes[attribute[1] ?? ''] = attribute[2] ?? '';
    elements.push({ name, attributes, text });
    if (selfClosing !== '/') open.push(name);
  }
  assert.equal(svg.slice(consumed).trim(), '', 'nothing after the root element');
  assert.deepEqual(open, [], 'every element is closed');
  return elements;
}

describe('renderReportText', () => {
  it('prints the blame list, slowest first, and the critical chain, last service first', async () => {
    const text = renderReportText(await startedReport());
    assert.match(text, /^Start-up took 600 ms \(5 services in 2 layers\); now ready\.\n/);
    assert.match(text, /Slowest hooks \(blame\):\n {2}300 ms {2}Disk\n {2}200 ms {2}Raft\n {2}100 ms {2}Config\n {3}50 ms {2}Wal\n {3}20 ms {2}Metrics\n/);
    assert.match(text, /Critical chain \(@ started, \+ took\):\n {2}Raft @400 ms \+200 ms\n {2}└─Disk @100 ms \+300 ms\n {4}└─Config @0 ms \+100 ms\n/);
    assert.doesNotMatch(text, /Failed/);
  });

  it('with timeline: true, shows every service in start order with its start, duration and a bar on the time axis', async () => {
    const text = renderReportText(await startedReport(), { timeline: true });
    const section = text.split('\n\n').find((part) => part.startsWith('Timeline'));
    assert.ok(section !== undefined, text);
    const rows = section.split('\n').slice(1);
    assert.deepEqual(
      rows.map((row) => /\| {2}(\S+)/.exec(row)?.[1]),
      ['Config', 'Metrics', 'Disk', 'Wal', 'Raft'],
      'start order (ties by name)',
    );
    const raft = rows.find((row) => row.includes('Raft')) ?? '';
    assert.match(raft, /@400 ms \+200 ms {2}\|\s{20}#{10}\| {2}Raft\s+\[consensus\]/, 'Raft: 400-600 of 600 ms, critical (#)');
    const wal = rows.find((row) => row.includes('Wal')) ?? '';
    assert.match(wal, /\|\s{5}=+\s+\|/, 'Wal is not critical (=)');
    assert.doesNotMatch(renderReportText(await startedReport()), /Timeline/, 'off by default');
  });

  it('lists what failed, with its error, and what never started', async () => {
    const report = await startedReport(true);
    assert.equal(report.state, 'failed');
    const text = renderReportText(report);
    assert.match(text, /^Start-up failed after 600 ms/);
    assert.match(text, /Failed:\n {2}✗ Raft: no quorum <3 & "peers">\n/);
    assert.match(text, /\nNever started: Api\n$/);
  });
});

describe('renderReportSvg', () => {
  it('draws one bar per service on the time axis, critical path highlighted, grouped by layer', async () => {
    const report = await startedReport();
    const elements = parseSvg(renderReportSvg(report));
    assert.equal(elements[0]?.name, 'svg');
    assert.equal(elements[0]?.attributes['xmlns'], 'http://www.w3.org/2000/svg');

    const groups = elements.filter((element) => element.name === 'g' && element.attributes['data-service'] !== undefined);
    assert.deepEqual(groups.map((group) => group.attributes['data-service'] ?? '').sort((a, b) => a.localeCompare(b)), ['Config', 'Disk', 'Metrics', 'Raft', 'Wal']);
    const critical = groups.filter((group) => (group.attributes['class'] ?? '').split(' ').includes('critical'));
    assert.deepEqual(critical.map((group) => group.attributes['data-service']), ['Config', 'Disk', 'Raft'], 'in time order');

    const bars = elements.filter((element) => element.name === 'rect' && element.attributes['class'] === 'bar');
    assert.equal(bars.length, 5, 'one bar per service');
    const bar = (service: string): { x: number; width: number; fill: string } => {
      const index = elements.indexOf(groups.find((group) => group.attributes['data-service'] === service) as (typeof elements)[number]);
      const rect = elements.slice(index).find((element) => element.attributes['class'] === 'bar');
      return { x: Number(rect?.attributes['x']), width: Number(rect?.attributes['width']), fill: rect?.attributes['fill'] ?? '' };
    };
    const config = bar('Config');
    const disk = bar('Disk');
    const raft = bar('Raft');
    assert.ok(Math.abs(config.x + config.width - disk.x) < 0.5, 'Disk starts where Config ends');
    assert.ok(Math.abs(disk.width - 3 * config.width) < 0.5, 'widths are proportional to durations');
    assert.ok(raft.x > disk.x);
    assert.equal(config.fill, raft.fill, 'critical bars share a colour');
    assert.notEqual(bar('Wal').fill, config.fill, 'a bar off the critical path looks different');

    const layers = elements.filter((element) => element.name === 'g' && element.attributes['data-layer'] !== undefined);
    assert.deepEqual(layers.map((group) => group.attributes['data-layer']), ['', 'storage', 'consensus'], 'groups in the order they began');
  });

  it('marks a failure with its (escaped) error and lists services that never started', async () => {
    const svg = renderReportSvg(await startedReport(true));
    const elements = parseSvg(svg);
    const failed = elements.filter((element) => element.name === 'g' && (element.attributes['class'] ?? '').split(' ').includes('failed'));
    assert.deepEqual(failed.map((group) => group.attributes['data-service']), ['Raft']);
    const failure = elements.find((element) => element.attributes['class'] === 'failure');
    assert.match(failure?.text ?? '', /^✗ \+200 ms no quorum &#60;3 &#38; &#34;peers&#34;&#62;$/);
    const api = elements.findIndex((element) => element.attributes['data-service'] === 'Api');
    assert.ok(api >= 0, 'a service that never started has its row');
    assert.equal(elements[api + 2]?.text, 'skipped: never started', 'and says so, without a bar');
    assert.notEqual(elements[api + 2]?.attributes['class'], 'bar');
  });

  it('draws a report with nothing in it', () => {
    const elements = parseSvg(renderReportSvg({ state: 'idle', totalMs: 0, services: [], criticalPath: [], slowest: [] }));
    assert.equal(elements.filter((element) => element.attributes['class'] === 'bar').length, 0);
  });
});
