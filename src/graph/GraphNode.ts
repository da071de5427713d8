/** A lifecycle service of the graph, as users see it. */
export interface GraphNode {
  /** Display form of the service identifier, unique within the graph (`#2`, `#3` … on collisions). */
  readonly name: string;
  /** Name of the service's layer, if it has one. */
  readonly layer?: string;
  /** Names of the services this one waits for directly (layers expanded to their members). */
  readonly dependsOn: readonly string[];
  /** For a service another Lifecycle runs the hooks of (its owner): that Lifecycle's `name`. */
  readonly owner?: string;
  /** `true` for a deferred service (`@deferred()`, or a member of a deferred layer): it does not gate readiness. */
  readonly deferred?: true;
  /** The services its `@independentOf` takes out of its injection edges (present only with `@independentOf`). */
  readonly independentOf?: readonly string[];
  /**
   * For a list-valued `restartWithDependencies`: the services it restarts with, resolved (a layer's members, only
   * those it depends on). Absent for `true` and `false`.
   */
  readonly restartWithDependencies?: readonly string[];
}
