// A stdio MCP server (TypeScript SDK) whose tools elicit: "form" asks for one field of every type
// and returns the result as JSON; "visit" asks the user to open a URL (URL mode) and sends
// notifications/elicitation/complete after --complete-after ms when that is given.
// The tools are annotated read-only, so approvals (default "writes") let them run unasked: the
// elicitation is what these tests are about.
// argv[2]: the testing/node_modules folder.
const path = require('node:path');
const nm = process.argv[2];
const { McpServer } = require(path.join(nm, '@modelcontextprotocol/sdk/dist/cjs/server/mcp.js'));
const { StdioServerTransport } = require(path.join(nm, '@modelcontextprotocol/sdk/dist/cjs/server/stdio.js'));

const s = new McpServer({ name: 'elicit-fixture', version: '1.0.0' });
s.registerTool('form', { description: 'Asks for one field of every type', annotations: { readOnlyHint: true } }, async () => {
  const r = await s.server.elicitInput({
    mode: 'form',
    message: 'Tell me about the trip',
    requestedSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', title: 'Name', minLength: 2, maxLength: 20, default: 'Ada' },
        email: { type: 'string', format: 'email' },
        site: { type: 'string', format: 'uri' },
        day: { type: 'string', format: 'date' },
        at: { type: 'string', format: 'date-time' },
        guests: { type: 'integer', minimum: 1, maximum: 9, default: 2 },
        budget: { type: 'number', minimum: 0 },
        vegan: { type: 'boolean', default: false },
        seat: { type: 'string', enum: ['aisle', 'window'] },
        meal: { type: 'string', oneOf: [{ const: 'v', title: 'Veggie' }, { const: 'm', title: 'Meat' }] },
        extras: { type: 'array', items: { type: 'string', enum: ['wifi', 'bag', 'lounge'] } },
      },
      required: ['name', 'email', 'guests'],
    },
  });
  return { content: [{ type: 'text', text: JSON.stringify(r) }] };
});
s.registerTool('visit', { description: 'Asks the user to open a page', annotations: { readOnlyHint: true } }, async () => {
  const id = 'el-' + Date.now();
  const r = await s.server.elicitInput({
    mode: 'url', message: 'Sign the form', url: 'https://forms.example.test/sign?x=1', elicitationId: id,
  });
  return { content: [{ type: 'text', text: JSON.stringify(r) }] };
});
s.registerTool('visit_complete', { description: 'URL mode; the server reports completion', annotations: { readOnlyHint: true } }, async () => {
  const id = 'el-c-' + Date.now();
  const notify = s.server.createElicitationCompletionNotifier(id);
  setTimeout(() => notify().catch(() => {}), 300);
  const r = await s.server.elicitInput({
    mode: 'url', message: 'Approve on the site', url: 'https://approve.example.test/', elicitationId: id,
  });
  return { content: [{ type: 'text', text: JSON.stringify(r) }] };
});
s.connect(new StdioServerTransport());
