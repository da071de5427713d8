/** A layer of the graph: its members and the layers it waits for. */
export interface GraphLayer {
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly members: readonly string[];
}
