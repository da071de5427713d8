import type { ChaosSummary } from './ChaosSummary.js';

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;

/** The summary of `npm start -- --chaos`, as text. */
export function renderChaosSummary(summary: ChaosSummary): string {
  const { faults, writes } = summary;
  const lines = [
    `Chaos summary (seed ${summary.seed}, ${seconds(summary.durationMs)} of faults under a steady write load)`,
    `  faults injected: ${faults.injected.length} (kill -9 and restart: ${faults.kill}, web reload onto a new port: ${faults.reload}, replay of captured peer messages: ${faults.replay}, two controllers moved and restarted: ${faults.movedRestart})`,
    ...faults.injected.map(
      (fault, index) =>
        `    ${index + 1}. +${seconds(fault.atMs)}  ${fault.kind.padEnd(13)} ${fault.node}: ${fault.detail}; ${fault.recoveredAfterMs === undefined ? 'DID NOT RECOVER' : `recovered after ${fault.recoveredAfterMs} ms`}`,
    ),
    `  replayed peer messages: ${summary.replays.sent} sent, ${summary.replays.refused} refused (4xx), ${summary.replays.accepted} accepted`,
    `  writes: ${writes.acknowledged} acknowledged, ${writes.ambiguous} ambiguous (may have been committed; ${writes.ambiguousCommitted} found committed), ${writes.failed} failed (not committed)`,
    `  acknowledged writes lost: ${summary.acknowledgedLost} (each acknowledged write read back linearizably on every controller)`,
    ...summary.lost.map((entry) => `    LOST ${entry.key} on ${entry.node}`),
    `  longest unavailability: ${summary.longestUnavailability.ms} ms (no write acknowledged from +${seconds(summary.longestUnavailability.fromMs)} to +${seconds(summary.longestUnavailability.toMs)})`,
    `  peer views (GET /edge/management/v1/controllers on each: the edge-management address it recorded for each peer):`,
    ...summary.views.map((view) => `    ${view.node} → ${view.peer}  ${(view.recorded ?? '(none)').padEnd(42)}  ${view.isCurrent ? 'current' : `STALE (now ${view.current})`}`),
    ...summary.problems.map((problem) => `  PROBLEM: ${problem}`),
    summary.ok
      ? `  OK: no acknowledged write lost, every replay refused, every view current.`
      : `  FAILED: ${[summary.acknowledgedLost > 0 ? `${summary.acknowledgedLost} acknowledged writes lost` : '', summary.staleViews > 0 ? `${summary.staleViews} stale views` : '', summary.problems.length > 0 ? `${summary.problems.length} problems` : ''].filter((part) => part !== '').join(', ')}.`,
  ];
  return lines.join('\n');
}
