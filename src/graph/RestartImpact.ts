/** What a failure of one service touches when it restarts (`ReadinessGraph.restartImpact`), by service name in binding order. */
export interface RestartImpact {
  /** The service asked about. */
  readonly service: string;
  /** Its restart set: the service and every service that restarts with it (`restartWithDependencies`). */
  readonly restarts: readonly string[];
  /** Services that stay up but are unavailable while the restart lasts: they depend on a member, directly or not. */
  readonly heldUnavailable: readonly string[];
  /** Everything else: untouched. */
  readonly keepsRunning: readonly string[];
}
