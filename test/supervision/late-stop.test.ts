import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { Lifecycle, type StopContext } from 'readygraph';
import { ManualClock } from '../support/ManualClock.js';
import { bindAll, defineService } from '../support/services.js';

describe('the late onStop of an onReady that outlived its timeout', () => {
  it("has reason 'stop' when the start had completed (here: the stop of an escalation), not 'rollback'", async () => {
    const clock = new ManualClock();
    const reasons: string[] = [];
    let runs = 0;
    const Worker = defineService('Worker', {
      onReady: () => {
        runs += 1;
        // The second run (the requested restart) resolves only after its 100 ms timeout.
        if (runs === 2) return new Promise<void>((resolve) => clock.setTimeout(resolve, 150));
        return undefined;
      },
      onStop: (context: StopContext) => void reasons.push(context.reason),
    });
    const container = new Container();
    bindAll(container, Worker);
    const lifecycle = new Lifecycle(container, { clock, startTimeoutMs: 100 });
    await lifecycle.start();
    void lifecycle.restart(Worker).catch(() => undefined);
    const stopped = lifecycle.whenStopped().catch((error: unknown) => error);
    await clock.advance(100); // the restart's onReady times out: restart 'never' gives up, the lifecycle stops
    assert.equal(((await stopped) as { code?: string }).code, 'ERR_READYGRAPH_GAVE_UP');
    await clock.advance(50); // the timed-out onReady resolves: its run is owed an onStop
    assert.deepEqual(reasons, ['restart', 'stop']);
  });
});
