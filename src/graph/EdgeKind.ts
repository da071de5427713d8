/** Why one vertex waits for another. */
export type EdgeKind = 'declared' | 'layer' | 'injected';
