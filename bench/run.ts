/*
 * `npm run bench`: readygraph against its peers and against the floor, every scenario of issue 4 and issue 11's
 * restart latency (F, readygraph only), in one run.
 *
 *   node build/bench/run.js [--smoke] [--runs N] [--size N] [--only TEXT]... [--out FILE] [--cpu-prof DIR] [--parallel N]
 *   node build/bench/run.js --help
 *
 * --cpu-prof writes a V8 CPU profile of each boot and each stop (those phases only) into DIR; summarise one with
 * `node build/bench/profile/summarize.js DIR/<file>.cpuprofile`.
 * --parallel runs that many workers at once: only for a smoke run, where the numbers do not matter.
 *
 * Each run of each row is a fresh worker process (build/bench/worker.js); rows are interleaved run by run, so that a
 * slow minute of the machine spreads over every peer instead of sinking one. A smoke run (which checks that everything
 * runs, not how fast) gives each peer one process for all its rows instead. Prints the Markdown table and writes it to
 * bench/results/<date>-node<version>.md, or with a suffix (-2, -3, …) if that file exists: a committed report is never
 * overwritten. A smoke run, or one with --only (a part of the report, not a run to commit), writes under build/
 * instead, unless --out says otherwise.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine } from './runner/commandLine.js';
import { environmentOf } from './runner/environment.js';
import type { Job } from './runner/Job.js';
import { Outcomes } from './runner/Outcomes.js';
import { fullPlan, smokePlan, type Plan } from './runner/plan.js';
import { attribute, owners, type CpuProfile } from './profile/attribute.js';
import { renderReport, type ProfiledBoot } from './runner/report.js';
import { runJobs } from './runner/runJobs.js';

const usage = `usage: node build/bench/run.js [--smoke] [--runs N] [--size N] [--only TEXT]... [--out FILE] [--cpu-prof DIR] [--parallel N]
  --smoke        tiny sizes, one process per peer: checks that everything runs (about 10 s)
  --runs N       fresh processes per row (default 7; 1 with --smoke)
  --size N       with --smoke: the size of scenario A
  --only TEXT    only the rows whose "<scenario> <peer>" contains TEXT (repeatable), e.g. --only "A 10k readygraph"
  --out FILE     where to write the report (default bench/results/<date>-node<version>.md, never over an existing
                 file; with --smoke or --only, under build/bench-results/)
  --cpu-prof DIR a V8 CPU profile of each boot and stop into DIR (summarise with build/bench/profile/summarize.js)
  --parallel N   workers at once: for a smoke run only, where the numbers do not matter`;

const values = commandLine('bench', usage, {
  smoke: { type: 'boolean', default: false },
  runs: { type: 'string' },
  size: { type: 'string' },
  only: { type: 'string', multiple: true },
  out: { type: 'string' },
  'cpu-prof': { type: 'string' },
  parallel: { type: 'string' },
});

/**
 * Three more boots of readygraph at the largest N of scenario A, under the sampling profiler, to split its time
 * between readygraph's own code, Inversify's resolving, the hooks and GC (profile/attribute.ts); the boot whose own
 * code is the median of the three is reported, since one profiled boot on a shared machine can be off by 20 %. Not
 * among the timed runs.
 */
async function profileReadygraph(): Promise<ProfiledBoot | undefined> {
  const scenario = plan.lifecycle.filter((candidate) => candidate.group === 'A').at(-1);
  if (scenario === undefined || !jobs.some((job) => job.scenario === scenario.id && job.peer === 'readygraph')) return undefined;
  const boots: ProfiledBoot[] = [];
  for (let boot = 1; boot <= profiledBoots; boot++) {
    const dir = mkdtempSync(join(tmpdir(), 'readygraph-profile-'));
    try {
      process.stderr.write(`bench: profiled boot ${boot}/${profiledBoots} · ${scenario.id} · readygraph\n`);
      const job: Job = { kind: 'lifecycle', scenario: scenario.id, peer: 'readygraph', workload: scenario.workload, profileDir: dir };
      const [result] = await runJobs([job], { worker, cwd: root, timeoutMs: 300_000 });
      const file = readdirSync(dir).find((name) => name.endsWith('-boot.cpuprofile'));
      if (result === undefined || result instanceof Error || result.kind !== 'lifecycle' || file === undefined) continue;
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
      boots.push({ scenario: scenario.id, bootMs: result.bootMs, attribution: attribute(profile), of: profiledBoots });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const ownMs = (boot: ProfiledBoot): number => boot.attribution.byOwner.get(owners.readygraph) ?? 0;
  return boots.sort((a, b) => ownMs(a) - ownMs(b))[Math.floor(boots.length / 2)];
}

/** Groups the jobs by peer, keeping their order (Node.js 20 has no Map.groupBy). */
function byPeer(all: readonly Job[]): Job[][] {
  const groups = new Map<string, Job[]>();
  for (const job of all) groups.set(job.peer, [...(groups.get(job.peer) ?? []), job]);
  return [...groups.values()];
}

function positiveInteger(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`bench: --${option} must be a positive integer; got "${text}"\n${usage}\n`);
    process.exit(2);
  }
  return value;
}

const runs = positiveInteger(values.runs, 'runs');
const plan: Plan = values.smoke ? smokePlan(runs, positiveInteger(values.size, 'size')) : fullPlan(runs);
const root = fileURLToPath(new URL('../../', import.meta.url));
const worker = fileURLToPath(new URL('./worker.js', import.meta.url));
const profiledBoots = 3;

const jobs: Job[] = [
  ...plan.lifecycle.flatMap((scenario) =>
    scenario.peers.map(
      (peer): Job => ({
        kind: 'lifecycle',
        scenario: scenario.id,
        peer,
        workload: scenario.workload,
        ...(values['cpu-prof'] === undefined ? {} : { profileDir: resolve(values['cpu-prof']) }),
      }),
    ),
  ),
  ...plan.restart.map((scenario): Job => ({ kind: 'restart', scenario: scenario.id, peer: 'readygraph', workload: scenario.workload, failing: scenario.failing })),
  ...plan.graph.flatMap((scenario) =>
    (['readygraph', 'floor'] as const).map((peer): Job => ({ kind: 'graph', scenario: scenario.id, peer, size: scenario.size, maxDeps: scenario.maxDeps, seed: scenario.seed })),
  ),
].filter((job) => values.only === undefined || values.only.some((text) => `${job.scenario} ${job.peer}`.includes(text)));

const parallel = positiveInteger(values.parallel, 'parallel') ?? 1;
const batches: Job[][] = plan.name === 'smoke' ? byPeer(jobs) : jobs.map((job) => [job]);
const outcomes = new Outcomes();
const started = Date.now();
const loadAtStart = loadavg()[0] ?? 0;
for (let run = 1; run <= plan.runs; run++) {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++] as Job[];
      process.stderr.write(`bench: run ${run}/${plan.runs} · ${batch.map((job) => `${job.scenario} · ${job.peer}`).join(', ')}\n`);
      const results = await runJobs(batch, {
        worker,
        cwd: root,
        timeoutMs: plan.name === 'smoke' ? 60_000 : 300_000,
      });
      results.forEach((result, index) => {
        if (result instanceof Error) process.stderr.write(`bench: ${result.message}\n`);
        outcomes.record(batch[index] as Job, result, run);
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

const report = renderReport(plan, outcomes, environmentOf(root, loadAtStart), await profileReadygraph());
const environmentNode = process.version.replace(/^v/, '');
const day = `${new Date().toISOString().slice(0, 10)}-node${environmentNode}`;
const out =
  values.out ??
  (plan.name === 'smoke' || values.only !== undefined
    ? join(root, 'build', 'bench-results', `${plan.name === 'smoke' ? 'smoke' : 'partial'}-${day}.md`)
    : freshPath(join(root, 'bench', 'results'), day));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, report);
process.stdout.write(report);
process.stderr.write(`bench: ${jobs.length} rows × ${plan.runs} run(s) in ${((Date.now() - started) / 1000).toFixed(0)} s; written to ${relative(process.cwd(), out)}\n`);
process.exitCode = outcomes.errors().length > 0 ? 1 : 0;

/** `DIR/NAME.md`, or `DIR/NAME-2.md`, `-3`, … : the first that does not exist (a committed report stays as it is). */
function freshPath(directory: string, name: string): string {
  for (let copy = 1; ; copy += 1) {
    const path = join(directory, copy === 1 ? `${name}.md` : `${name}-${copy}.md`);
    if (!existsSync(path)) return path;
  }
}
