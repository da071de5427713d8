/**
 * The names and attributes of readygraph's spans. A start is one `readygraph.start` span with one child per service
 * (`onReady <service>`); a stop is one `readygraph.stop` span with one child per service (`onStop <service>`). The
 * `onStop` spans of a rollback (a failed start) are children of `readygraph.start`.
 */
export const spanNames = {
  start: 'readygraph.start',
  stop: 'readygraph.stop',
} as const;

/** The attributes readygraph sets on its spans. */
export const spanAttributes = {
  /** The lifecycle's `name` option (on every span). */
  lifecycle: 'readygraph.lifecycle',
  /** The service's name in the graph (on hook spans). */
  service: 'readygraph.service.name',
  /** The service's layer, when it has one (on hook spans). */
  layer: 'readygraph.service.layer',
  /** `'onReady'` or `'onStop'` (on hook spans). */
  hook: 'readygraph.hook',
  /** True on an `onReady` span that failed because the start had already been abandoned (not a root cause). */
  aborted: 'readygraph.aborted',
} as const;
