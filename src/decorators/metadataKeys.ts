/** Reflect-metadata keys readygraph writes on classes; namespaced so they never meet another library's. */
export const metadataKeys = {
  /** `DependsOnTarget[]` declared by `@dependsOn` on this very class (not its bases). */
  dependsOn: 'readygraph:dependsOn',
  /** The `Layer` given to `@inLayer` on this very class (not its bases). */
  layer: 'readygraph:layer',
} as const;
