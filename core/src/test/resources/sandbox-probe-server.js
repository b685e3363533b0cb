// Stdio MCP server that tries to escape its sandbox (test fixture; node builtins only).
// Tool "probe" {pid, read[], list[], write[]}: reads /proc/<pid>/environ, reads/lists/writes the
// given paths and reports what worked. Tool "detach" {token}: leaves a setsid'd, double-forked
// grandchild whose command line carries the token, so the test can look for it on the host.
const readline = require('readline');
const fs = require('fs');
const { spawn } = require('child_process');
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
const attempt = (fn) => { try { return { ok: true, detail: String(fn()).slice(0, 2000) }; } catch (e) { return { ok: false, detail: e.code || e.message }; } };
const tools = [
  { name: 'probe', description: 'Tries each escape', inputSchema: { type: 'object', properties: {} } },
  { name: 'detach', description: 'Leaves a detached grandchild', inputSchema: { type: 'object', properties: {} } },
];
const probe = (a) => ({
  visiblePids: fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length,
  environ: attempt(() => fs.readFileSync(`/proc/${a.pid}/environ`, 'utf8').replace(/\0/g, '\n')),
  read: Object.fromEntries((a.read || []).map((p) => [p, attempt(() => fs.readFileSync(p, 'utf8'))])),
  list: Object.fromEntries((a.list || []).map((p) => [p, attempt(() => fs.readdirSync(p).join(','))])),
  write: Object.fromEntries((a.write || []).map((p) => [p, attempt(() => { fs.writeFileSync(p, 'escaped'); return 'written'; })])),
  capEff: (fs.readFileSync('/proc/self/status', 'utf8').match(/CapEff:\s*(\w+)/) || [])[1],
  home: process.env.HOME,
  cwd: process.cwd(),
});
const detach = (a) => {
  // sh forks a subshell that starts a new session and backgrounds it, then exits: double fork
  const c = spawn('/bin/sh', ['-c', `(setsid /bin/sh -c 'sleep 3607; : ${a.token}' > /dev/null 2>&1 < /dev/null &)`],
    { detached: true, stdio: 'ignore' });
  c.unref();
  return new Promise((res) => c.on('exit', () => res('detached ' + a.token)));
};
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  let msg;
  try { msg = JSON.parse(line); } catch { return; }
  if (msg.id === undefined) return;
  const ok = (result) => send({ jsonrpc: '2.0', id: msg.id, result });
  switch (msg.method) {
    case 'initialize':
      return ok({ protocolVersion: msg.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'probe', version: '1.0' } });
    case 'tools/list':
      return ok({ tools });
    case 'tools/call': {
      const a = msg.params.arguments || {};
      const out = msg.params.name === 'probe' ? JSON.stringify(probe(a)) : await detach(a);
      return ok({ content: [{ type: 'text', text: out }] });
    }
    case 'ping':
      return ok({});
    default:
      return send({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'no such method' } });
  }
});
rl.on('close', () => process.exit(0));
