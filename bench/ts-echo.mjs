// TypeScript-SDK peer for McpEchoBench: N echo calls against server-everything over stdio.
// Usage: node bench/ts-echo.mjs <repo-root> <calls> <warmup>; prints one JSON line of latencies (ms).
import { pathToFileURL } from 'node:url';
const [root, calls = '1000', warmup = '200'] = process.argv.slice(2);
const sdk = `${root}/testing/node_modules/@modelcontextprotocol/sdk/dist/esm`;
const { Client } = await import(pathToFileURL(`${sdk}/client/index.js`));
const { StdioClientTransport } = await import(pathToFileURL(`${sdk}/client/stdio.js`));
const server = `${root}/testing/node_modules/@modelcontextprotocol/server-everything/dist/index.js`;
const transport = new StdioClientTransport({ command: 'node', args: [server, 'stdio'], stderr: 'ignore' });
const client = new Client({ name: 'ts-bench', version: '1.0' });
const t0 = performance.now();
await client.connect(transport);
const startMs = performance.now() - t0;
for (let i = 0; i < Number(warmup); i++) {
  await client.callTool({ name: 'echo', arguments: { message: 'w' + i } });
}
const lat = [];
for (let i = 0; i < Number(calls); i++) {
  const s = performance.now();
  const r = await client.callTool({ name: 'echo', arguments: { message: 'm' + i } });
  lat.push(performance.now() - s);
  if (!JSON.stringify(r.content).includes('m' + i)) throw new Error('bad echo ' + JSON.stringify(r));
}
await client.close();
console.log(JSON.stringify({ startMs, lat }));
