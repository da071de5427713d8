import type { ProbeRequest } from './ProbeRequest.js';
import type { ProbeResponse } from './ProbeResponse.js';

/**
 * A `node:http` request listener for the probes, with the controls that go with it. See {@link createProbeHandler}.
 * Its parameters are the parts of `IncomingMessage` and `ServerResponse` that it uses, so it fits
 * `http.createServer()` as it is and the typings need no `@types/node`.
 */
export interface ProbeHandler {
  /** Answers a probe path; any other path gets 404. Use it as a whole server: `http.createServer(probes)`. */
  (request: ProbeRequest, response: ProbeResponse): void;
  /**
   * Answers the request if its path is a probe and returns `true`; otherwise leaves it alone and returns `false`, for
   * mounting the probes in front of an existing listener: `if (!probes.handle(req, res)) app(req, res)`.
   */
  handle(request: ProbeRequest, response: ProbeResponse): boolean;
  /**
   * Turns `/readyz` to 503 now and resolves after `drainDelayMs`: call it before `lifecycle.stop()` so that load
   * balancers stop sending traffic before the services go. Calling it again returns the same promise.
   */
  drain(): Promise<void>;
  /** Stops listening to the lifecycle's events. The handler keeps answering from the lifecycle's state. */
  close(): void;
}
