/**
 * The names and attributes of readygraph's spans. A start is one `readygraph.start` span with one child per service
 * (`onReady <service>`); a stop is one `readygraph.stop` span with one child per service (`onStop <service>`). The
 * `onStop` spans of a rollback (a failed start) are children of `readygraph.start`. A restart is one
 * `readygraph.restart` span, from the service's `service:restarting` to its next `service:ready` (or
 * `service:failed`: the restart failed), with the hooks of the services that restart with it as children.
 */
export const spanNames = {
  start: 'readygraph.start',
  stop: 'readygraph.stop',
  restart: 'readygraph.restart',
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
  /**
   * True on an `onReady` span that failed because the start had already been abandoned (not a root cause), and on a
   * restart span that a stop ended before the service was back.
   */
  aborted: 'readygraph.aborted',
  /** The restart's number within its policy's window; 0 for `lifecycle.restart()` (on restart spans). */
  restartAttempt: 'readygraph.restart.attempt',
  /** The backoff before the restart's `onReady`, in milliseconds (on restart spans). */
  restartDelayMs: 'readygraph.restart.delay_ms',
} as const;
