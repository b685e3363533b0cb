// A remote MCP server for tests, built on the TypeScript SDK in testing/node_modules (TESTING_DIR):
//   node remote-mcp-server.js --mode streamable|sse --path /v1/mcp [--tokens good,other]
// Listens on an ephemeral port and prints "PORT <n>" first. Streamable HTTP is served at --path;
// the legacy HTTP+SSE transport opens its stream with GET --path and takes messages at
// --path/messages. With --tokens, every request needs "Authorization: Bearer <one of them>", else
// 401 with a WWW-Authenticate challenge. Tools: "seen" (every request so far: method, url with
// query, authorization, session id), "ask" (elicits a name and returns the answer as JSON).
const { createRequire } = require('node:module');
const sdk = createRequire(require('node:path').join(process.env.TESTING_DIR, 'package.json'));
const express = sdk('express');
const { McpServer } = sdk('@modelcontextprotocol/sdk/server/mcp.js');
const { StreamableHTTPServerTransport } = sdk('@modelcontextprotocol/sdk/server/streamableHttp.js');
const { SSEServerTransport } = sdk('@modelcontextprotocol/sdk/server/sse.js');
const { randomUUID } = require('node:crypto');

const opt = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const mode = opt('--mode') || 'streamable';
const path = opt('--path') || '/mcp';
const tokens = (opt('--tokens') || '').split(',').filter((t) => t);
const seen = [];

function server() {
  const s = new McpServer({ name: 'remote-fixture', version: '1.0.0' });
  s.registerTool('seen', { description: 'Requests seen so far' }, async () => ({
    content: [{ type: 'text', text: JSON.stringify(seen) }],
  }));
  s.registerTool('ask', { description: 'Asks the user for a name' }, async () => {
    const r = await s.server.elicitInput({
      message: 'What is your name?',
      requestedSchema: { type: 'object', properties: { name: { type: 'string', default: 'nobody' } } },
    });
    return { content: [{ type: 'text', text: JSON.stringify(r) }] };
  });
  return s;
}

const app = express();
app.use(express.json());
app.use((req, res, next) => {
  seen.push({ method: req.method, url: req.originalUrl, authorization: req.headers.authorization || null,
    session: req.headers['mcp-session-id'] || null });
  if (tokens.length && !tokens.some((t) => req.headers.authorization === 'Bearer ' + t)) {
    res.set('WWW-Authenticate',
      'Bearer error="invalid_token", resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource"');
    return res.status(401).json({ error: 'invalid_token' });
  }
  next();
});

if (mode === 'streamable') {
  const sessions = {};
  app.all(path, async (req, res) => {
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
      await server().connect(t);
    }
    await t.handleRequest(req, res, req.body);
  });
} else {
  const sessions = {};
  app.get(path, async (req, res) => {
    const t = new SSEServerTransport(path + '/messages', res);
    sessions[t.sessionId] = t;
    res.on('close', () => delete sessions[t.sessionId]);
    await server().connect(t);
  });
  app.post(path + '/messages', async (req, res) => {
    const t = sessions[req.query.sessionId];
    if (!t) return res.status(404).send('no session');
    await t.handlePostMessage(req, res, req.body);
  });
}

const listener = app.listen(0, '127.0.0.1', () => {
  process.stdout.write('PORT ' + listener.address().port + '\n');
});
