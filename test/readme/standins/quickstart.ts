// After the README's Quickstart: the two helpers it leaves to the reader, and a line that says how the lifecycle
// ended. Function declarations are hoisted, so they can follow the README's code. No Node.js types here: the packed
// tarball's consumer (test/package/tarball.test.ts), which compiles the Quickstart with `"types": []`, uses it too.
console.log(`lifecycle ${lifecycle.status().state}`);
if (lifecycle.status().state !== 'stopped') throw new Error(`the lifecycle ended ${lifecycle.status().state}, not stopped`);

async function readPeers(signal: AbortSignal): Promise<string[]> {
  signal.throwIfAborted();
  return ['ctrl2', 'ctrl3'];
}

function sendHello(hello: { peers: string[]; apiAddresses: string[] }): void {
  if (hello.apiAddresses.length === 0) throw new Error('RaftNode sent a hello with no API addresses: it started before XWeb was ready');
  console.log(`hello ${JSON.stringify(hello)}`);
}
