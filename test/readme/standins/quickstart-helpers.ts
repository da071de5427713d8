// After a Quickstart block: the two helpers it leaves to the reader. Function declarations are hoisted, so they can
// follow the README's code. No Node.js types here: the packed tarball's consumers compile the Quickstart with
// `"types": []`.
async function readPeers(signal: AbortSignal): Promise<string[]> {
  signal.throwIfAborted();
  return ['ctrl2', 'ctrl3'];
}

function sendHello(hello: { peers: string[]; apiAddresses: string[] }): void {
  if (hello.apiAddresses.length === 0) throw new Error('RaftNode sent a hello with no API addresses: it started before XWeb was ready');
  console.log(`hello ${JSON.stringify(hello)}`);
}
