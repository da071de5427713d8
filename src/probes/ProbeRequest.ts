/**
 * What the probes read from an HTTP request: the part of `node:http`'s `IncomingMessage` they use. Declared here so
 * that readygraph's typings do not need `@types/node`; an `IncomingMessage` is one.
 */
export interface ProbeRequest {
  /** The request target, e.g. `/readyz?verbose`. */
  readonly url?: string | undefined;
  /** The HTTP method; only `GET` and `HEAD` are answered with a probe. */
  readonly method?: string | undefined;
}
