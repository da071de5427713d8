/** Options of `toMermaid()` and `toDot()`. */
export interface RenderOptions {
  /**
   * Leave out the edges another path already implies (the transitive reduction), for a drawing that shows the
   * structure rather than every reason. Default `false`: every edge is drawn.
   */
  readonly reduce?: boolean;
}
