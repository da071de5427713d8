/** Options of {@link enableTracing}. */
export interface TracingOptions {
  /**
   * Where the tracer comes from: an OpenTelemetry `TracerProvider` (typed structurally, so that readygraph's types do
   * not need `@opentelemetry/api`). Default: the global provider (`trace.getTracerProvider()`), which is what an SDK's
   * `register()` sets.
   */
  readonly tracerProvider?: { getTracer(name: string, version?: string): unknown };
}
