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
}
