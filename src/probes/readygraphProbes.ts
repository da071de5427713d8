import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { Lifecycle } from '../runtime/Lifecycle.js';
import { probeHeaders } from './answerProbe.js';
import type { ProbeOptions } from './ProbeOptions.js';
import { ProbeSource, probePaths } from './ProbeSource.js';

/** Options of the {@link readygraphProbes} fastify plugin: the lifecycle, and the options of the probes. */
export interface ReadygraphProbesOptions extends ProbeOptions {
  /** The lifecycle whose health the probes report. */
  readonly lifecycle: Lifecycle;
}

/**
 * The part of a fastify reply the plugin uses. Structural, so that readygraph does not need fastify at runtime or to
 * type-check; a real `FastifyReply` fits.
 */
export interface ProbeReply {
  code(statusCode: number): ProbeReply;
  header(name: string, value: string): ProbeReply;
  send(payload: string): ProbeReply;
}

/** The part of a fastify instance the plugin uses; a real `FastifyInstance` fits. */
export interface ProbeRouter {
  get(path: string, handler: (request: { readonly url: string }, reply: ProbeReply) => void): unknown;
}

/**
 * A fastify plugin serving the same probes as {@link createProbeHandler}: `GET /livez`, `/readyz` and `/startupz`
 * (fastify adds `HEAD`), with `?verbose` for one line per service. Register it with a `prefix` to move them. fastify
 * is an optional peer: readygraph uses only the instance it is given.
 *
 * @example
 * await app.register(readygraphProbes, { lifecycle });
 * Readiness turns 503 as soon as a stop begins; with `drainDelayMs`, the stop then waits that long before the
 * first `onStop`.
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` (as a rejection of `register`) if `lifecycle` is not a Lifecycle.
 */
export async function readygraphProbes(fastify: ProbeRouter, options: ReadygraphProbesOptions): Promise<void> {
  if (typeof options !== 'object' || options === null) {
    throw new ReadyGraphError(errorCodes.usage, `readygraphProbes: options must be { lifecycle }; got ${describeValue(options)}`);
  }
  const source = new ProbeSource(options.lifecycle, options, 'readygraphProbes (fastify plugin) options');
  for (const [path, probe] of probePaths) {
    fastify.get(path, (request, reply) => {
      const answer = source.answer(probe, new URL(request.url, 'http://probe.invalid').searchParams);
      reply.code(answer.statusCode);
      for (const [name, value] of Object.entries(probeHeaders)) reply.header(name, value);
      reply.send(answer.body);
    });
  }
}
