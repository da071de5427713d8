import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inject, injectable } from 'inversify';
import { dependsOn, type OnReady } from 'readygraph';
import { DiskRaftStorage } from '../consensus/DiskRaftStorage.js';
import { entrySchema } from '../consensus/RaftNode.js';
import { Storage } from '../storage/Storage.js';

/** What {@link RaftLogCheck} found on disk. */
export interface RaftLogFindings {
  readonly dir: string;
  /** False when the controller has never run its Raft node there (nothing to check). */
  readonly present: boolean;
  readonly entries: number;
  readonly currentTerm: number;
  readonly lastTerm: number;
}

/**
 * The maintenance command's one service: opens the Raft log in `<dataDir>/raft` the way the Raft node would (every
 * line parsed against the entry schema; a torn last line is cut off, corruption before it fails), checks that terms
 * never go down along the log and stay within the hard state's term, and closes it. It needs the configuration and
 * the storage (the data directory) and nothing else: `lifecycle.start({ only: [RaftLogCheck] })` starts just those
 * (no web layer, no mesh, no Raft node), which `verifyRaftLog.ts` does.
 */
@injectable('Singleton')
@dependsOn(Storage)
export class RaftLogCheck implements OnReady {
  #findings: RaftLogFindings | undefined;

  public constructor(@inject(Storage) private readonly storage: Storage) {}

  public onReady(): void {
    const dir = join(this.storage.dataDir, 'raft');
    if (!existsSync(dir)) {
      this.#findings = { dir, present: false, entries: 0, currentTerm: 0, lastTerm: 0 };
      return;
    }
    const disk = DiskRaftStorage.open(dir, entrySchema);
    try {
      const { currentTerm, log } = disk.load();
      let lastTerm = 0;
      log.forEach((entry, index) => {
        if (entry.term < lastTerm) throw new Error(`raft log ${dir}: entry ${index + 1} has term ${entry.term}, after an entry of term ${lastTerm}`);
        lastTerm = entry.term;
      });
      if (lastTerm > currentTerm) throw new Error(`raft log ${dir}: its last entry has term ${lastTerm}, beyond the hard state's term ${currentTerm}`);
      this.#findings = { dir, present: true, entries: log.length, currentTerm, lastTerm };
    } finally {
      disk.close();
    }
  }

  /** What the check found; read once the lifecycle is ready. */
  public get findings(): RaftLogFindings {
    if (this.#findings === undefined) throw new Error('RaftLogCheck read before it ran');
    return this.#findings;
  }
}
