/**
 * How one lifecycle service is resolved through its own binding: the name or tag that selects it (none for a default
 * binding), whether the ancestors' bindings are included (a parent's binding reached by a chained multi-injection),
 * and its position among the bindings that the same request resolves.
 */
export interface VertexResolution {
  readonly name?: string | number | symbol;
  readonly tag?: { readonly key: string | number | symbol; readonly value: unknown };
  readonly chained: boolean;
  /** Position of the service's binding among the `count` bindings that the request resolves, in binding order. */
  readonly index: number;
  readonly count: number;
}
