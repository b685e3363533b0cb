// Minimal stdio MCP server for fast start/stop cycles: initialize, tools/list, tools/call echo.
// Options: --hang-list (never answers tools/list); --barrier <dir> --parties <n> (answers
// initialize only once n servers have started, which proves they were started in parallel).
const readline = require('readline');
const fs = require('fs');
const path = require('path');
const opt = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const barrier = opt('--barrier');
const parties = Number(opt('--parties') || 0);
// a random name: sandboxed servers each have their own PID namespace, so their pids collide
if (barrier) fs.writeFileSync(path.join(barrier, require('crypto').randomUUID()), '');
const whenReady = (fn) => {
  if (!barrier || fs.readdirSync(barrier).length >= parties) return fn();
  const t = setInterval(() => { if (fs.readdirSync(barrier).length >= parties) { clearInterval(t); fn(); } }, 10);
};
const rl = readline.createInterface({ input: process.stdin });
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
rl.on('line', (line) => {
  let msg;
  try { msg = JSON.parse(line); } catch { return; }
  if (msg.id === undefined) return;
  switch (msg.method) {
    case 'initialize':
      return whenReady(() => send({ jsonrpc: '2.0', id: msg.id, result: {
        protocolVersion: msg.params.protocolVersion,
        capabilities: { tools: {} }, serverInfo: { name: 'tiny', version: '1.0' } } }));
    case 'tools/list':
      if (process.argv.includes('--hang-list')) return;
      return send({ jsonrpc: '2.0', id: msg.id, result: { tools: [{ name: 'echo',
        description: 'Echoes text', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } }] } });
    case 'tools/call':
      return send({ jsonrpc: '2.0', id: msg.id, result: { content: [{ type: 'text', text: String(msg.params.arguments.text) }] } });
    case 'ping':
      return send({ jsonrpc: '2.0', id: msg.id, result: {} });
    default:
      return send({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'no such method' } });
  }
});
rl.on('close', () => process.exit(0));
