// After the README's signals fragment: a SIGTERM stops the lifecycle gracefully, and stopOnSignals exits with 0. The
// interval stands for the application's open server: signal handlers alone do not keep a process alive, and a
// process with nothing left to wait for would exit before the signal arrives.
const keepAlive = setInterval(() => {}, 60_000);
await lifecycle.start();
process.kill(process.pid, 'SIGTERM');
await lifecycle.whenStopped();
clearInterval(keepAlive);
