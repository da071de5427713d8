/*
 * Two builds of readygraph side by side, on the rows of scenarios A–D (boot and stop):
 *
 *   node build/bench/compare.js --base DIR [--runs N] [--only TEXT]... [--out FILE]
 *
 * DIR is another checkout of the project, installed and built (`npm ci && npm run build`), e.g. the commit before a
 * change. Every run of every row starts a fresh worker of each tree (DIR/build/bench/worker.js and this one's), one
 * right after the other, in alternating order, so that both meet the same state of the machine; the ratio within each
 * run is then the figure that keeps least of the machine's noise. The 1-minute load average is taken before every pair.
 * The rows are those of this tree's full plan (bench/runner/plan.ts); by default readygraph's and the floor's.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine } from './runner/commandLine.js';
import { ms, table } from './runner/format.js';
import type { Job, LifecycleResult } from './runner/Job.js';
import { fullPlan } from './runner/plan.js';
import { runJobs } from './runner/runJobs.js';
import { summarize } from './runner/stats.js';

const usage = 'usage: node build/bench/compare.js --base DIR [--runs N] [--only TEXT]... [--out FILE]';
const values = commandLine('compare', usage, {
  base: { type: 'string' },
  runs: { type: 'string', default: '5' },
  only: { type: 'string', multiple: true },
  out: { type: 'string' },
});
const runs = Number(values.runs);
if (values.base === undefined || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`compare: --base is required and --runs must be a positive integer\n${usage}\n`);
  process.exit(2);
}
const trees = { base: resolve(values.base), head: fileURLToPath(new URL('../../', import.meta.url)) } as const;
const only = values.only ?? ['readygraph', 'floor'];
const jobs: Job[] = fullPlan(runs)
  .lifecycle.flatMap((scenario) => scenario.peers.map((peer): Job => ({ kind: 'lifecycle', scenario: scenario.id, peer, workload: scenario.workload })))
  .filter((job) => only.some((text) => `${job.scenario} ${job.peer}`.includes(text)));

type Tree = keyof typeof trees;
/** Per job (by its index) and tree, the result of every run. */
const results = jobs.map(() => ({ base: [] as LifecycleResult[], head: [] as LifecycleResult[] }));
const loads: number[] = [];

async function measure(tree: Tree, job: Job): Promise<LifecycleResult | undefined> {
  const [result] = await runJobs([job], { worker: join(trees[tree], 'build', 'bench', 'worker.js'), cwd: trees[tree], timeoutMs: 300_000 });
  if (result instanceof Error || result === undefined || result.kind !== 'lifecycle') {
    process.stderr.write(`compare: ${tree} ${job.scenario} / ${job.peer}: ${result instanceof Error ? result.message : 'no result'}\n`);
    return undefined;
  }
  return result;
}

/** The table of every row so far (written after every run, so that an interrupted comparison keeps what it has). */
function report(done: number): string {
  const rows: string[][] = [];
  const measures: Array<{ label: string; value: (result: LifecycleResult) => number; applies: (job: Job) => boolean }> = [
    { label: 'boot', value: (result) => result.bootMs, applies: () => true },
    { label: 'first hook → ready', value: (result) => result.hookSpanMs, applies: (job) => !job.scenario.startsWith('A') },
    { label: 'stop (D)', value: (result) => result.stopMs, applies: (job) => job.scenario.startsWith('A') || job.scenario === 'C' },
  ];
  jobs.forEach((job, index) => {
    const { base, head } = results[index] ?? { base: [], head: [] };
    if (base.length === 0) return;
    for (const measure of measures.filter((candidate) => candidate.applies(job))) {
      const b = summarize(base.map(measure.value));
      const h = summarize(head.map(measure.value));
      const paired = summarize(head.map((result, run) => measure.value(result) / measure.value(base[run] as LifecycleResult)));
      rows.push([
        job.scenario,
        job.peer,
        measure.label,
        `${ms(b.median)} (${ms(b.min)}–${ms(b.max)})`,
        `${ms(h.median)} (${ms(h.min)}–${ms(h.max)})`,
        `${(h.median / b.median).toFixed(3)}×`,
        `${paired.median.toFixed(3)}× (${paired.min.toFixed(2)}–${paired.max.toFixed(2)}×)`,
      ]);
    }
  });
  const load = summarize(loads);
  return [
    `${done} run(s) per row and tree, each a fresh process, the two trees back to back in alternating order; ` +
      `1-minute load average before each pair: median ${load.median.toFixed(1)} (${load.min.toFixed(1)}–${load.max.toFixed(1)}).`,
    '',
    table(['row', 'peer', 'measure', 'base ms', 'head ms', 'head / base (medians)', 'head / base run by run (median, range)'], rows),
    '',
  ].join('\n');
}

for (let run = 1; run <= runs; run++) {
  for (const [index, job] of jobs.entries()) {
    loads.push(loadavg()[0] ?? 0);
    const order: Tree[] = (run + index) % 2 === 0 ? ['base', 'head'] : ['head', 'base'];
    const pair: { base?: LifecycleResult | undefined; head?: LifecycleResult | undefined } = {};
    for (const tree of order) pair[tree] = await measure(tree, job);
    // Only complete pairs count, so that every ratio compares two processes that ran back to back.
    if (pair.base !== undefined && pair.head !== undefined) {
      results[index]?.base.push(pair.base);
      results[index]?.head.push(pair.head);
    }
  }
  if (values.out !== undefined) writeFileSync(values.out, report(run));
  process.stderr.write(`compare: run ${run}/${runs} done (1-minute load ${(loadavg()[0] ?? 0).toFixed(1)})\n`);
}

process.stdout.write(report(runs));
