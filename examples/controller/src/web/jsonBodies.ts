import type { FastifyInstance, FastifyRequest } from 'fastify';
import { maxJsonDepth, nestingExceeds } from '../consensus/replicationLimits.js';

/**
 * Makes `server` parse JSON bodies the way fastify does (prototype poisoning refused), after two checks of its own:
 * a body nested deeper than `maxJsonDepth` is refused with 400 before anything parses it (5,000 levels in 64 KiB would
 * otherwise overflow the stack of the recursive schema checks after it, a 500), and the exact text is kept, for the
 * peer endpoint's signature check. Returns the function that gives a request's body text.
 */
export function useJsonBodies(server: FastifyInstance): (request: FastifyRequest) => string | undefined {
  const texts = new WeakMap<FastifyRequest, string>();
  const parse = server.getDefaultJsonParser('error', 'error');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (nestingExceeds(text, maxJsonDepth)) {
      done(Object.assign(new Error(`the JSON body nests deeper than ${maxJsonDepth} levels`), { statusCode: 400 }), undefined);
      return;
    }
    texts.set(request, text);
    void parse(request, text, done); // answers through `done`
  });
  return (request) => texts.get(request);
}
