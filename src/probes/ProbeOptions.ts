/** Options of {@link createProbeHandler} and the `readygraphProbes` fastify plugin. */
export interface ProbeOptions {
  /**
   * Milliseconds that `drain()` keeps `/readyz` at 503 before it resolves, so that load balancers see the instance
   * leave before its services stop (`await probes.drain(); await lifecycle.stop()`). A whole number ≥ 0. Default `0`.
   * @example createProbeHandler(lifecycle, { drainDelayMs: 5_000 })
   */
  readonly drainDelayMs?: number;
}
