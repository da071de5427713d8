import type { LifecycleState } from '../runtime/states.js';
import type { ServiceStatus } from '../runtime/LifecycleStatus.js';

/** @internal The headers of every probe answer: plain text, never cached. */
export const probeHeaders: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/plain; charset=utf-8',
  'cache-control': 'no-store',
});

/** @internal The three probes, by their path's last segment. */
export type ProbeName = 'livez' | 'readyz' | 'startupz';

/** @internal What a probe knows when it answers. */
export interface ProbeFacts {
  readonly state: LifecycleState;
  /** A stop has begun, or `drain()` was called: no new traffic. */
  readonly leaving: boolean;
  /** What readiness reports, stops aside: the lifecycle is `ready`, or the `readiness` targets are available. */
  readonly ready: boolean;
  /** The start succeeded at some point (startup probes stay green after that). */
  readonly started: boolean;
  /** Only read for a verbose answer, so that a plain probe costs nothing. */
  readonly services: () => readonly ServiceStatus[];
}

/** @internal A probe's HTTP answer. */
export interface ProbeAnswer {
  readonly statusCode: 200 | 503;
  readonly body: string;
}

/**
 * @internal Kubernetes' conventions: plain text, `ok` when healthy; with `verbose`, one `[+]`/`[-]` line per check and
 * `<probe> check passed|failed` last. Without `verbose` nothing about the services is shown.
 */
export function answerProbe(probe: ProbeName, facts: ProbeFacts, verbose: boolean): ProbeAnswer {
  const healthy =
    probe === 'livez' ? facts.state !== 'failed' : probe === 'readyz' ? facts.ready && !facts.leaving : facts.started;
  const statusCode = healthy ? 200 : 503;
  if (!verbose) return { statusCode, body: healthy ? 'ok\n' : `${probe} check failed: lifecycle ${why(probe, facts)}\n` };
  const lines = [`[${healthy ? '+' : '-'}]lifecycle ${facts.state}${facts.leaving && facts.state === 'ready' ? ' (draining)' : ''}`];
  for (const service of facts.services()) {
    const good = probe === 'livez' ? service.state !== 'failed' : service.available;
    const why = service.state === 'unready' && service.reason !== undefined ? `: ${service.reason}` : service.blockedBy.length > 0 ? ` (blocked by ${service.blockedBy.join(', ')})` : '';
    const restarts = service.restarts > 0 ? `, ${service.restarts} restart(s)` : '';
    const kind = service.state === 'idle' ? ' (not started: outside start({ only }))' : service.deferred === true ? ' (deferred)' : '';
    lines.push(`[${good ? '+' : '-'}]${service.name} ${service.state}${kind}${why}${restarts}`);
  }
  lines.push(`${probe} check ${healthy ? 'passed' : 'failed'}`);
  return { statusCode, body: `${lines.join('\n')}\n` };
}

function why(probe: ProbeName, facts: ProbeFacts): string {
  if (probe === 'readyz' && facts.state === 'ready' && facts.leaving) return 'draining';
  if (probe === 'startupz' && facts.state !== 'starting' && facts.state !== 'failed' && facts.state !== 'idle') return `${facts.state} without having started`;
  return facts.state;
}

/** @internal `?verbose`, `?verbose=1` and `?verbose=true` ask for detail; `?verbose=0` and `?verbose=false` do not. */
export function wantsVerbose(search: URLSearchParams): boolean {
  const value = search.get('verbose');
  return value !== null && value !== '0' && value !== 'false';
}
