import 'reflect-metadata';
import type { DependsOnTarget } from './DependsOnTarget.js';
import type { Layer } from './layer.js';
import { metadataKeys } from './metadataKeys.js';

/** What the decorators wrote on one class itself. */
export interface OwnDeclarations {
  readonly layer: Layer | undefined;
  readonly dependsOn: readonly DependsOnTarget[];
}

/** The declarations written on `type` itself (not its bases), if any. */
export function ownDeclarations(type: object): OwnDeclarations | undefined {
  return Reflect.getOwnMetadata(metadataKeys.declarations, type) as OwnDeclarations | undefined;
}

/** Replaces what is written on `type` itself with `change` applied to it. */
export function updateOwnDeclarations(type: object, change: (current: OwnDeclarations) => OwnDeclarations): void {
  const current = ownDeclarations(type) ?? { layer: undefined, dependsOn: [] };
  Reflect.defineMetadata(metadataKeys.declarations, change(current), type);
}
