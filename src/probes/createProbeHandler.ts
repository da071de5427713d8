import type { Lifecycle } from '../runtime/Lifecycle.js';
import { probeHeaders } from './answerProbe.js';
import type { ProbeHandler } from './ProbeHandler.js';
import type { ProbeOptions } from './ProbeOptions.js';
import type { ProbeRequest } from './ProbeRequest.js';
import type { ProbeResponse } from './ProbeResponse.js';
import { ProbeSource } from './ProbeSource.js';

/**
 * Kubernetes-style health probes of a lifecycle for `node:http`:
 *
 * - `GET /livez`: 200 unless the start failed (then 503, so the orchestrator restarts the process).
 * - `GET /readyz`: 200 only while the lifecycle is `ready`; 503 while idle, starting, stopping, stopped or failed, and
 *   from the moment a stop begins (or `drain()` is called).
 * - `GET /startupz`: 200 once the start has succeeded, and from then on; 503 before that.
 *
 * Answers are plain text (`ok`); `?verbose` adds one `[+]`/`[-]` line per service with its state. Verbose is off by
 * default so that nothing about the services leaks to whoever can reach the port. `HEAD` is answered like `GET`
 * without a body; other methods get 405. Responses are never cached.
 *
 * @example
 * const probes = createProbeHandler(lifecycle, { drainDelayMs: 5_000 });
 * http.createServer(probes).listen(8081);
 * lifecycle.stopOnSignals(); // each stop now waits 5 s with /readyz at 503 before the first onStop
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` if `lifecycle` is not a Lifecycle, `drainDelayMs` is not a whole
 *   number ≥ 0 or `clock` has no `setTimeout()` (the message quotes the value).
 */
export function createProbeHandler(lifecycle: Lifecycle, options?: ProbeOptions): ProbeHandler {
  const source = new ProbeSource(lifecycle, options, 'createProbeHandler(lifecycle, options)');
  const handle = (request: ProbeRequest, response: ProbeResponse): boolean => {
    const url = new URL(request.url ?? '/', 'http://probe.invalid');
    const probe = source.probeOf(url.pathname);
    if (probe === undefined) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, request.method, { statusCode: 405, body: 'method not allowed\n' }, { allow: 'GET, HEAD' });
      return true;
    }
    send(response, request.method, source.answer(probe, url.searchParams));
    return true;
  };
  const handler = (request: ProbeRequest, response: ProbeResponse): void => {
    if (!handle(request, response)) send(response, request.method, { statusCode: 404, body: 'not found\n' });
  };
  return Object.assign(handler, {
    handle,
    drain: () => source.drain(),
    close: () => source.close(),
  });
}

function send(
  response: ProbeResponse,
  method: string | undefined,
  answer: { readonly statusCode: number; readonly body: string },
  headers: Record<string, string> = {},
): void {
  response.writeHead(answer.statusCode, { ...probeHeaders, 'content-length': Buffer.byteLength(answer.body), ...headers });
  response.end(method === 'HEAD' ? undefined : answer.body);
}
