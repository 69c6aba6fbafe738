import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { Ajv } from 'ajv';
import { VERSION } from '../generated/version.js';
import { SECTIONS } from '../guidance/types.js';
import { DEFAULT_MAX_FILE_SIZE } from '../parse/load.js';
import { didYouMean } from '../util/nearest.js';
import { packageRoot } from '../util/package-root.js';
import { TOOLS, toolMessage } from './tools.js';

/** What the server offers to read: the contract and the catalogue, as the repository's docs/spec has them. */
export const RESOURCES = [
  {
    uri: 'eda-advisor://spec/design-format',
    name: 'design-format',
    title: 'The design file format',
    description: 'Every key of a design file (services, commands, events, compensations, processes, infrastructure) and what it means.',
    file: 'design-format.md',
  },
  {
    uri: 'eda-advisor://spec/rules',
    name: 'rules',
    title: 'The rule catalogue',
    description: "Every rule's id, severity and exact trigger.",
    file: 'rules.md',
  },
  {
    uri: 'eda-advisor://spec/rules-extensions',
    name: 'rules-extensions',
    title: "The rules eda-advisor adds to the catalogue's",
    description: 'Rules beyond the catalogue (retry-budget) and their triggers.',
    file: 'rules-extensions.md',
  },
  {
    uri: 'eda-advisor://guidance-format',
    name: 'guidance-format',
    title: 'The guidance format',
    description: 'The six sections of the guidance, in order, and what each holds.',
    file: undefined,
  },
] as const;

export function resourceText(uri: string): string | undefined {
  const r = RESOURCES.find((x) => x.uri === uri);
  if (!r) return undefined;
  if (r.file === undefined)
    return `# The guidance format\n\nThe guidance for one process has six sections, in this order:\n\n${SECTIONS.map((s, i) => `${i + 1}. **${s.title}** — ${s.what}`).join('\n')}\n`;
  return readFileSync(path.join(packageRoot(), 'docs', 'spec', r.file), 'utf8');
}

const INSTRUCTIONS = `eda-advisor reviews designs of event-driven distributed processes (sagas, process managers, choreographies) written as YAML.
A loop that works: init_design (or get_schema and the design-format resource) to draft; review_design after every change; propose_fix for the findings with a mechanical fix; explain_rule for the others; simulate and verify to see what failures do; guidance for the write-up. Paths are relative to the server's working folder and stay inside it. Nothing leaves the machine.`;

/**
 * The MCP server on stdio. Every tool's error is a tool result with isError and one line; an
 * unknown tool or a malformed request is a JSON-RPC error; nothing a client sends ends the server.
 * Resolves when the client goes away (standard input ends).
 */
export async function serveMcp(root: string): Promise<void> {
  const server = new Server(
    { name: 'eda-advisor', title: 'eda-advisor', version: VERSION },
    { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS },
  );
  const ajv = new Ajv({ allErrors: false, strict: false });
  const tools = new Map(TOOLS.map((t) => [t.name, { tool: t, validate: ajv.compile(t.inputSchema) }]));

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.inputSchema,
      outputSchema: t.outputSchema,
      annotations: { title: t.title, readOnlyHint: t.readOnly, openWorldHint: false },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const entry = tools.get(request.params.name);
    if (!entry) {
      const names = [...tools.keys()];
      throw new McpError(
        ErrorCode.InvalidParams,
        `'${request.params.name}' is not a tool${didYouMean(request.params.name, names) || ''} The tools are ${names.join(', ')}.`,
      );
    }
    const args = request.params.arguments ?? {};
    if (!entry.validate(args)) {
      const e = entry.validate.errors?.[0];
      const where = e?.instancePath ? `'${e.instancePath.slice(1).replace(/\//g, '.')}' ` : '';
      const extra = e?.keyword === 'additionalProperties' ? ` ('${String(e.params.additionalProperty)}')` : '';
      return failure(`${request.params.name}: ${where}${e?.message ?? 'invalid arguments'}${extra}.`);
    }
    try {
      const out = await entry.tool.run(args, root);
      return { content: [{ type: 'text', text: JSON.stringify(out, null, 2) }], structuredContent: out };
    } catch (err) {
      const message = toolMessage(err);
      if (message !== undefined) return failure(message);
      // A bug of ours: said, and the server goes on.
      return failure(
        `internal error: ${err instanceof Error ? err.message : String(err)}. This is a bug in eda-advisor; please report it with the input that caused it.`,
      );
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, () => ({
    resources: RESOURCES.map((r) => ({ uri: r.uri, name: r.name, title: r.title, description: r.description, mimeType: 'text/markdown' })),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => {
    const text = resourceText(request.params.uri);
    if (text === undefined)
      throw new McpError(ErrorCode.InvalidParams, `no resource '${request.params.uri}'; the resources are ${RESOURCES.map((r) => r.uri).join(', ')}.`);
    return { contents: [{ uri: request.params.uri, mimeType: 'text/markdown', text }] };
  });

  // A line that is not JSON-RPC is set aside (said on standard error, which clients log), and the next is read.
  server.onerror = (err) => process.stderr.write(`eda-advisor mcp: ${err.message.split('\n')[0] ?? ''}\n`);
  // Room for a design at the size limit, escaped inside a JSON-RPC line.
  const transport = new StdioServerTransport(process.stdin, process.stdout, { maxBufferSize: 4 * DEFAULT_MAX_FILE_SIZE });
  const closed = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    transport.onclose = resolve;
  });
  await server.connect(transport);
  await closed;
}

function failure(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}
