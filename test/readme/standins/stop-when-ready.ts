// Before a README block that leaves the process's end to readygraph (`stopOnSignals`, or `lifecycle.run()`, which
// never returns): the moment a lifecycle is ready, the process sends itself SIGTERM, as a supervisor would. The
// interval stands for the application's open server: it keeps the process alive, so the block passes only if
// readygraph stops the lifecycle and exits with 0 itself (a failed stop exits 1, a forced one 143).
import diagnosticsChannel from 'node:diagnostics_channel';

setInterval(() => {}, 60_000);
diagnosticsChannel.subscribe('readygraph:ready', () => {
  process.kill(process.pid, 'SIGTERM');
});
