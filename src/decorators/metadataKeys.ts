/** Reflect-metadata keys readygraph writes on classes; namespaced so they never meet another library's. */
export const metadataKeys = {
  /**
   * What `@inLayer` and `@dependsOn` declared on this very class (not its bases), as one {@link OwnDeclarations}
   * record: one metadata read per class when the graph is built.
   */
  declarations: 'readygraph:declarations',
} as const;
