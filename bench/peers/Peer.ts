import type { Workload } from '../dag/Dag.js';
import type { HookProbe } from './HookProbe.js';

/** An application built by one peer: what the clock measures. */
export interface PeerApp {
  /** Creates the container (or loader), registers every service, constructs them and runs every start hook. */
  boot(): Promise<void>;
  /** Runs every stop hook, in whatever order the peer gives. */
  stop(): Promise<void>;
}

/** A lifecycle system under test. */
export interface Peer {
  /**
   * Defines the application's code for the workload: classes, decorators, functions. This is what importing the
   * application's modules does, so it happens before the clock starts; `boot()` starts from nothing else.
   */
  define(workload: Workload, probe: HookProbe): PeerApp;
}
