// After a README fragment that shows what happens around a start: the start.
await lifecycle.start();
