// After the README's first Quickstart block (top-level await, so the lifecycle has ended here): a line that says how
// it ended. The helpers the block calls come from quickstart-helpers.ts. No Node.js types here (see there).
console.log(`lifecycle ${lifecycle.status().state}`);
if (lifecycle.status().state !== 'stopped') throw new Error(`the lifecycle ended ${lifecycle.status().state}, not stopped`);
