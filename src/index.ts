// The public face of readygraph: everything users may import, and nothing else.
export { dependsOn } from './decorators/dependsOn.js';
export type { DependsOnTarget } from './decorators/DependsOnTarget.js';
export { inLayer } from './decorators/inLayer.js';
export { isLayer, layer, type Layer, type LayerOptions } from './decorators/layer.js';
export { errorCodes, type ReadyGraphErrorCode } from './errors/errorCodes.js';
export { isReadyGraphError, ReadyGraphError, type ReadyGraphErrorDetails, type ServiceFailure } from './errors/ReadyGraphError.js';
export { ReadinessGraph, type EdgeKind, type GraphEdge, type GraphLayer, type GraphNode } from './graph/ReadinessGraph.js';
export { systemClock, type Clock } from './runtime/Clock.js';
export type { OnReady, OnStop, ReadyContext, StopContext } from './runtime/hooks.js';
export { Lifecycle } from './runtime/Lifecycle.js';
export type { LifecycleEventName, LifecycleEvents, LifecycleListener, ServiceEventBase } from './runtime/LifecycleEvents.js';
export type { LifecycleOptions } from './runtime/LifecycleOptions.js';
export type { LifecycleStatus, ServiceStatus } from './runtime/LifecycleStatus.js';
export type { Logger } from './runtime/Logger.js';
export type { ReportedService, StartupReport } from './runtime/StartupReport.js';
export type { StopOnSignalsOptions } from './runtime/stopOnSignals.js';
export type { LifecycleState, ServiceState } from './runtime/states.js';
