import { renderReportText, type StartupReport } from 'readygraph';
import type { NodeEvent } from '../../app/NodeEvent.js';
import type { ClusterSummary } from './Cluster.js';

/** A line for the live log of `npm start`, or undefined for events not worth a line (heartbeats, retries). */
export function describeEvent(event: NodeEvent): string | undefined {
  const where = (name: string, layer?: string) => (layer === undefined ? name : `${layer}/${name}`);
  switch (event.type) {
    case 'graph':
      return event.mode === 'ordered'
        ? `readiness graph: ${event.levels.map((level) => level.join(' + ')).join('  →  ')}`
        : 'the race demo, started the original way: Config, Storage, then XWeb + Mesh + ClusterBootstrapper + RaftNode together (no readiness ordering)';
    case 'service:starting':
      return `${where(event.name, event.layer)} starting`;
    case 'service:ready':
      if (event.recovered === true) return `${where(event.name, event.layer)} READY again (unready for ${event.durationMs} ms)`;
      if (event.restart !== undefined) return `${where(event.name, event.layer)} READY again after restart ${event.restart} (${event.durationMs} ms)`;
      return `${where(event.name, event.layer)} ready (${event.durationMs} ms)`;
    case 'service:unready':
      return `${where(event.name, event.layer)} UNREADY: ${event.reason}`;
    case 'service:restarting':
      return `${where(event.name, event.layer)} RESTARTING (${event.attempt === 0 ? 'requested' : `attempt ${event.attempt}, in ${event.delayMs} ms`}${event.cause === undefined ? '' : `: ${event.cause}`})`;
    case 'degraded':
      return `DEGRADED: ${event.unavailable.join(', ')} unavailable (/readyz 503)`;
    case 'service:failed':
      return `${where(event.name, event.layer)} FAILED: ${event.error}`;
    case 'service:stopping':
      return `${where(event.name, event.layer)} stopping`;
    case 'service:stopped':
      return `${where(event.name, event.layer)} stopped`;
    case 'web:listening':
      return `web server listening on ${event.url}`;
    case 'config:reloaded':
      return event.webChanged ? 'configuration reloaded: the web section changed, restarting the web layer' : 'configuration reloaded: nothing to restart';
    case 'config:reload-failed':
      return `configuration reload REFUSED: ${event.error}`;
    case 'web:closed':
      return 'web server closed';
    case 'mesh:dial':
      return event.attempt === 1 ? `mesh dials ${event.peer}; its hello carries ${describeAddresses(event.apiAddresses)}` : undefined;
    case 'mesh:connected':
      return `mesh link to ${event.peer} up`;
    case 'mesh:lost':
      return `mesh link to ${event.peer} lost`;
    case 'mesh:hello':
      return `recorded ${event.peer}'s hello: ${describeAddresses(event.apiAddresses)}`;
    case 'cluster:bootstrapped':
      return `cluster bootstrapped with ${event.members.join(', ')}`;
    case 'cluster:rejoined':
      return `rejoined cluster ${event.clusterId}`;
    case 'raft:recovered':
      return `raft: recovered term ${event.term} and ${event.logLength} log entries from disk`;
    case 'raft:state':
      return event.role === 'leader' ? `raft: LEADER of term ${event.term}` : event.leader === null ? `raft: ${event.role} in term ${event.term}, no leader known` : `raft: ${event.role} of ${event.leader} in term ${event.term}`;
    case 'ready':
      return 'READY';
    case 'stopping':
      return 'stopping (reverse order)';
    case 'stopped':
      return 'stopped';
    case 'start-failed':
      return `START-UP FAILED: ${event.error}`;
    case 'gave-up':
      return `GAVE UP on ${event.service} after ${event.restarts} restarts, exiting 1: ${event.error}`;
    case 'report':
      return event.svgFile === undefined ? undefined : `start-up waterfall (SVG): ${event.svgFile}`;
  }
}

/**
 * Each controller's readiness timeline, level by level, from its start-up report (readygraph's `lifecycle.report()`):
 * when each service started and became ready, `*` on the critical path; then the report's own text (blame list,
 * critical chain) as `renderReportText` prints it, for the first controller (the others read alike).
 */
export function renderTimelines(summary: ClusterSummary, reports: ReadonlyMap<string, StartupReport> = new Map()): string {
  const lines = [`Readiness timelines (${summary.ordered ? 'ordered by readygraph' : 'UNORDERED, the original’s start-up (race demo)'}; ms since each controller's start(); * critical path)`];
  for (const node of summary.nodes) {
    lines.push(`  ${node.id}  ${node.url}  ${node.readyAtMs === undefined ? node.state : `ready at ${node.readyAtMs} ms`}`);
    for (const entry of node.timeline) {
      const level = entry.level === undefined ? '       ' : `level ${entry.level}`;
      const span = `${String(entry.startedAt).padStart(5)} → ${String(entry.readyAt).padStart(5)} ms`;
      lines.push(`   ${entry.critical ? '*' : ' '}${level}  ${(entry.layer ?? '-').padEnd(9)}  ${entry.name.padEnd(20)}  ${span}  (took ${entry.durationMs} ms)`);
    }
  }
  const first = summary.nodes[0];
  const report = first === undefined ? undefined : reports.get(first.id);
  if (first !== undefined && report !== undefined) {
    lines.push('', `Start-up report of ${first.id} (renderReportText):`, ...renderReportText(report).trimEnd().split('\n').map((line) => `  ${line}`));
  }
  return lines.join('\n');
}

/** What every controller recorded from its peers' hellos. */
export function renderClusterView(summary: ClusterSummary): string {
  const lines = ['Cluster view (GET /edge/management/v1/controllers on each controller: what its peers advertised)'];
  for (const node of summary.nodes) {
    for (const [peer, record] of Object.entries(node.peers)) {
      const mark = Object.keys(record.apiAddresses).length === 0 ? '✗' : '✓';
      lines.push(`  ${mark} ${node.id} knows ${peer}: ${describeAddresses(record.apiAddresses)}`);
    }
    if (Object.keys(node.peers).length === 0) lines.push(`  ✗ ${node.id} knows no peer yet`);
  }
  return lines.join('\n');
}

function describeAddresses(addresses: Record<string, unknown>): string {
  const entries = Object.entries(addresses);
  if (entries.length === 0) return 'NO API addresses (empty map)';
  return entries
    .map(([api, list]) => `${api} ${Array.isArray(list) ? list.map((item) => (item as { url?: unknown }).url).join(' ') : ''}`)
    .join(', ');
}

/** Raft as each controller sees it, and its copy of the replicated services. */
export function renderRaftView(summary: ClusterSummary, services: ReadonlyMap<string, ReadonlyArray<{ name: string; value: unknown }>>): string {
  const lines = ['Raft (GET /edge/management/v1/raft and /services on each controller)'];
  for (const node of summary.nodes) {
    const role = node.role === undefined ? 'not answering' : `${node.role === 'leader' ? 'LEADER  ' : node.role.padEnd(8)}  term ${node.term}  leader ${node.leader ?? '?'}  commitIndex ${node.commitIndex}`;
    const held = services.get(node.id);
    const state = held === undefined ? '' : `  services: ${held.length === 0 ? '(none)' : held.map((entry) => `${entry.name}=${JSON.stringify(entry.value)}`).join(', ')}`;
    lines.push(`  ${node.id}  ${role}${state}`);
  }
  return lines.join('\n');
}
