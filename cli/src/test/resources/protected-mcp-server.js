// A protected MCP server for the OAuth end-to-end tests, built on the TypeScript SDK in
// testing/node_modules (TESTING_DIR):  node protected-mcp-server.js --as <authorization server URL>
// Listens on an ephemeral port and prints "PORT <n>" first. Streamable HTTP at /mcp; Protected
// Resource Metadata (RFC 9728) names --as. Accepts the bearer tokens TestAuthServer issues
// ("access-<n>") except revoked ones: POST /test/revoke?token=... revokes one server-side (as an
// authorization server revoking a grant would). Tool: "greet" (name) -> "Hello, <name>!".
const { createRequire } = require('node:module');
const sdk = createRequire(require('node:path').join(process.env.TESTING_DIR, 'package.json'));
const express = sdk('express');
const { z } = sdk('zod');
const { McpServer } = sdk('@modelcontextprotocol/sdk/server/mcp.js');
const { StreamableHTTPServerTransport } = sdk('@modelcontextprotocol/sdk/server/streamableHttp.js');
const { randomUUID } = require('node:crypto');

const opt = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const as = opt('--as');
const revoked = new Set();
let base;

const app = express();
app.use(express.json());
app.post('/test/revoke', (req, res) => { revoked.add(req.query.token); res.status(204).end(); });
const metadata = (req, res) => res.json({ resource: base + '/mcp', authorization_servers: [as],
  scopes_supported: ['mcp:tools'] });
app.get('/.well-known/oauth-protected-resource/mcp', metadata);
app.get('/.well-known/oauth-protected-resource', metadata);
app.use('/mcp', (req, res, next) => {
  const m = /^Bearer (access-\d+)$/.exec(req.headers.authorization || '');
  if (!m || revoked.has(m[1])) {
    res.set('WWW-Authenticate', 'Bearer error="invalid_token", resource_metadata="' + base
      + '/.well-known/oauth-protected-resource/mcp"');
    return res.status(401).json({ error: 'invalid_token' });
  }
  next();
});

const sessions = {};
app.all('/mcp', async (req, res) => {
  const id = req.headers['mcp-session-id'];
  let t = id && sessions[id];
  if (!t) {
    if (req.method !== 'POST' || !req.body || req.body.method !== 'initialize') {
      return res.status(id ? 404 : 400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'no session' }, id: null });
    }
    t = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => { sessions[sid] = t; },
    });
    const s = new McpServer({ name: 'protected-fixture', version: '1.0.0' });
    s.registerTool('greet', { description: 'Greets someone', inputSchema: { name: z.string() } },
      async ({ name }) => ({ content: [{ type: 'text', text: 'Hello, ' + name + '!' }] }));
    await s.connect(t);
  }
  await t.handleRequest(req, res, req.body);
});

const listener = app.listen(0, '127.0.0.1', () => {
  base = 'http://127.0.0.1:' + listener.address().port;
  process.stdout.write('PORT ' + listener.address().port + '\n');
});
