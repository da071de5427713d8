import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster } from '../cluster/Cluster.js';
import { freePorts } from '../cluster/freePorts.js';
import { seededRandom } from '../raft/seededRandom.js';
import type { ChaosSummary, InjectedFault } from './ChaosSummary.js';
import { longestGap } from './longestGap.js';
import { movedRestartFault, replayFault } from './peerFaults.js';
import { peerViews } from './peerViews.js';
import { planFaults, type PlannedFault } from './planFaults.js';
import { pollUntil } from './pollUntil.js';
import { readBack } from './readBack.js';
import { WriteClient } from './WriteClient.js';

/** How the fault loop runs. */
export interface ChaosOptions {
  /** Number of faults: kills, reloads, replays and moved restarts in turn (see planFaults). Default 4. */
  readonly faults?: number;
  /** Seeds the faults' order and targets. Default 1. */
  readonly seed?: number;
  /** How long a killed controller stays down before the runner starts it again, in ms. Default 2000. */
  readonly restartDelayMs?: number;
  /** How long a controller may take to be ready again after a fault before the loop gives up, in ms. Default 20000. */
  readonly recoveryTimeoutMs?: number;
  /** Aborts the loop (Ctrl-C): no further fault, no pending restart; `runChaos` rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called with a line for each step (a fault injected, a recovery). */
  readonly log?: (line: string) => void;
}

/**
 * The chaos loop of `npm start -- --chaos`, on a settled cluster: while a client keeps writing (WriteClient), it
 * injects the planned faults one after another:
 * - `kill`: SIGKILL of the controller (nothing flushed, nothing stopped in order), a restart after `restartDelayMs`
 *   with the same configuration and data directory (it recovers from disk);
 * - `reload`: its config file's web section moved onto a new free port, then SIGHUP (the web layer and the mesh
 *   restart there; the process keeps running);
 * - `replay`: a peer's captured messages sent to the controller again, which must refuse every one (replayFault);
 * - `moved-restart`: the controller and its next peer moved, killed and restarted, the others paused until the two
 *   reach each other at their stored addresses and elect a leader (movedRestartFault).
 * After each fault it waits until the controller is ready again (its `/readyz` 200, at its current address), the
 * running controllers agree on a leader, and the client has had a write acknowledged since; only the restart delay
 * is a deliberate wait. Then it stops the client, reads every acknowledged write back on every controller
 * (linearizable reads), and takes every controller's view of the others' addresses (waiting up to 5 s for the views
 * to catch up with a last move). The cluster is left running: the caller stops it.
 */
export async function runChaos(cluster: Cluster, options: ChaosOptions = {}): Promise<ChaosSummary> {
  const { signal, log = () => {} } = options;
  const seed = options.seed ?? 1;
  const recoveryTimeoutMs = options.recoveryTimeoutMs ?? 20_000;
  const plan = planFaults({ count: options.faults ?? 4, nodes: cluster.nodes.map((node) => node.id), random: seededRandom(Math.imul(seed, 0x85ebca6b) >>> 0) });
  // One clock for the loop and the client's acknowledgements, which the longest unavailability is measured between.
  const now = () => performance.now();
  const client = new WriteClient(() => cluster.nodes, { now });
  const began = now();
  const since = () => Math.round(now() - began);
  const problems: string[] = [];
  client.start();
  // On every way out (an abort too) the client stops first: no request of it outlives the loop.
  const loop = await injectAll({ cluster, plan, client, since, problems, recoveryTimeoutMs, restartDelayMs: options.restartDelayMs ?? 2_000, signal, log }).then(
    (injected) => ({ injected }),
    (error: unknown) => ({ error }),
  );
  const tally = await client.stop();
  if ('error' in loop) throw loop.error;
  const { injected } = loop;
  const replays = injected.reduce((sum, fault) => ({ sent: sum.sent + (fault.replays?.sent ?? 0), refused: sum.refused + (fault.replays?.refused ?? 0) }), { sent: 0, refused: 0 });
  if (replays.refused < replays.sent) problems.push(`${replays.sent - replays.refused} of ${replays.sent} replayed peer messages were accepted`);
  const endedMs = since();
  const gap = longestGap(
    tally.acknowledged.map((write) => write.at - began),
    0,
    endedMs,
  );

  const reads = await readBack(cluster.nodes, tally, { timeoutMs: recoveryTimeoutMs });
  for (const read of reads) if (read.error !== undefined) problems.push(`${read.node}: ${read.error}`);
  const lost = reads.flatMap((read) => read.lost.map((key) => ({ node: read.node, key })));
  const committedAmbiguous = new Set(reads.flatMap((read) => read.committedAmbiguous));

  // Peers record a moved controller's new address within 2 s of its reload: give a last move that long, and more.
  await pollUntil(async () => (await peerViews(cluster.nodes)).every((view) => view.isCurrent), { timeoutMs: 5_000, intervalMs: 100, ...(signal === undefined ? {} : { signal }) });
  const views = await peerViews(cluster.nodes);
  const staleViews = views.filter((view) => !view.isCurrent).length;
  const acknowledgedLost = new Set(lost.map((entry) => entry.key)).size;
  return {
    seed,
    durationMs: endedMs,
    faults: {
      kill: injected.filter((fault) => fault.kind === 'kill').length,
      reload: injected.filter((fault) => fault.kind === 'reload').length,
      replay: injected.filter((fault) => fault.kind === 'replay').length,
      movedRestart: injected.filter((fault) => fault.kind === 'moved-restart').length,
      injected,
    },
    replays: { ...replays, accepted: replays.sent - replays.refused },
    writes: { acknowledged: tally.acknowledged.length, ambiguous: tally.ambiguous.length, ambiguousCommitted: committedAmbiguous.size, failed: tally.failed },
    acknowledgedLost,
    lost: lost.slice(0, 20),
    longestUnavailability: { ms: Math.round(gap.to - gap.from), fromMs: Math.round(gap.from), toMs: Math.round(gap.to) },
    views,
    staleViews,
    problems,
    ok: acknowledgedLost === 0 && staleViews === 0 && problems.length === 0,
  };
}

/**
 * Injects the planned faults in order, each once the client has had a write acknowledged since the previous one
 * recovered. A fault that fails or does not recover in time ends the loop, noted in `problems`; an abort rejects.
 */
async function injectAll(run: {
  cluster: Cluster;
  plan: readonly PlannedFault[];
  client: WriteClient;
  since: () => number;
  problems: string[];
  recoveryTimeoutMs: number;
  restartDelayMs: number;
  signal: AbortSignal | undefined;
  log: (line: string) => void;
}): Promise<InjectedFault[]> {
  const { cluster, plan, client, since, problems, recoveryTimeoutMs, signal, log } = run;
  const injected: InjectedFault[] = [];
  const acknowledgedAfter = async (count: number) => settledInTime(client.whenAcknowledged(count, withTimeout(signal, recoveryTimeoutMs)));
  if (!(await acknowledgedAfter(0))) {
    problems.push(`no write was acknowledged within ${recoveryTimeoutMs} ms of the start; no fault injected`);
    return injected;
  }
  for (const [index, fault] of plan.entries()) {
    const atMs = since();
    const what = `fault ${index + 1}/${plan.length} (${faultNames[fault.kind]} of ${fault.node})`;
    log(`chaos: +${atMs} ms ${what}`);
    let detail: string;
    let replays: InjectedFault['replays'];
    try {
      ({ detail, replays } = await inject(cluster, fault, { restartDelayMs: run.restartDelayMs, timeoutMs: recoveryTimeoutMs, signal }));
    } catch (error) {
      if (signal?.aborted === true) throw error;
      injected.push({ kind: fault.kind, node: fault.node, atMs, detail: `failed: ${error instanceof Error ? error.message : String(error)}` });
      problems.push(`${what} could not be injected: ${error instanceof Error ? error.message : String(error)}`);
      return injected;
    }
    const acknowledged = client.acknowledgedCount;
    const recovered = await recover(cluster, fault.node, recoveryTimeoutMs, signal);
    if (!recovered || !(await acknowledgedAfter(acknowledged))) {
      injected.push({ kind: fault.kind, node: fault.node, atMs, detail, ...(replays === undefined ? {} : { replays }) });
      problems.push(`after ${what}: ${detail}; ${recovered ? 'no write was acknowledged' : `${fault.node} was not ready with a leader agreed on`} within ${recoveryTimeoutMs} ms`);
      return injected;
    }
    const recoveredAfterMs = since() - atMs;
    injected.push({ kind: fault.kind, node: fault.node, atMs, detail, recoveredAfterMs, ...(replays === undefined ? {} : { replays }) });
    log(`chaos: ${fault.node} ${detail}; ready again with a leader agreed on, writes acknowledged again: recovered after ${recoveredAfterMs} ms`);
  }
  return injected;
}

/** How a fault is named in the loop's log. */
const faultNames: Record<PlannedFault['kind'], string> = {
  kill: 'kill -9',
  reload: 'web reload onto a new port',
  replay: 'replay of captured peer messages',
  'moved-restart': 'move and restart with a peer',
};

/** Injects one fault; resolves with what was done once it is done (for a kill: once the controller is started again). */
async function inject(
  cluster: Cluster,
  fault: PlannedFault,
  options: { restartDelayMs: number; timeoutMs: number; signal: AbortSignal | undefined },
): Promise<{ detail: string; replays?: { sent: number; refused: number } }> {
  const { restartDelayMs, signal } = options;
  const node = cluster.node(fault.node);
  if (fault.kind === 'replay') {
    const { detail, sent, refused } = await replayFault(cluster, fault.node);
    return { detail, replays: { sent, refused } };
  }
  if (fault.kind === 'moved-restart') return { detail: await movedRestartFault(cluster, fault.node, options) };
  if (fault.kind === 'reload') {
    const from = node.url;
    const [port = 0] = await freePorts(1);
    const url = await cluster.moveWeb(fault.node, port);
    return { detail: `web layer moved from ${from} to ${url} (SIGHUP)` };
  }
  const pid = node.process.pid;
  const role = (await cluster.raftOf(fault.node))?.role ?? 'not answering';
  const exit = await cluster.crash(fault.node);
  // The deliberate part of the fault: the controller stays down for a while, as after a crash.
  await sleep(restartDelayMs, undefined, signal === undefined ? {} : { signal });
  const restarted = cluster.restart(fault.node);
  return { detail: `${role} killed (pid ${pid}, ${exit.signal ?? `exit ${exit.code}`}), restarted after ${restartDelayMs} ms (pid ${restarted.pid})` };
}

/** Waits until `id` answers its /readyz with 200 at its current address and the running controllers agree on a leader. */
async function recover(cluster: Cluster, id: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<boolean> {
  return pollUntil(
    async () => {
      const response = await fetch(`${cluster.node(id).url}/readyz`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      return response.status === 200 && (await cluster.agreedLeader()) !== undefined;
    },
    { timeoutMs, ...(signal === undefined ? {} : { signal }) },
  );
}

/** `signal` (if any) or a timeout of `ms`, whichever aborts first. */
function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  return signal === undefined ? AbortSignal.timeout(ms) : AbortSignal.any([signal, AbortSignal.timeout(ms)]);
}

/** True when `waiting` resolves, false when it rejects because its timeout passed; any other rejection (an abort) is rethrown. */
async function settledInTime(waiting: Promise<void>): Promise<boolean> {
  try {
    await waiting;
    return true;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') return false;
    throw error;
  }
}
