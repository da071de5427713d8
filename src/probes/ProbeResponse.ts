/**
 * What the probes write to an HTTP response: the part of `node:http`'s `ServerResponse` they use. Declared here so
 * that readygraph's typings do not need `@types/node`; a `ServerResponse` is one.
 */
export interface ProbeResponse {
  /** Sends the status line and the headers. */
  writeHead(statusCode: number, headers: Record<string, string | number>): unknown;
  /** Sends the body (none for `HEAD`) and ends the response. */
  end(body?: string): unknown;
}
