import { Command } from 'commander';

/** `eda-advisor mcp`: the Model Context Protocol server on stdio, for coding agents. */
export function makeMcpCommand(): Command {
  return new Command('mcp')
    .description('Serve eda-advisor to coding agents over the Model Context Protocol (stdio): review, simulate, verify, explain, fix.')
    .addHelpText(
      'after',
      `
Started by an MCP client (Claude Code, Cursor, VS Code, …), not by hand: it reads JSON-RPC on
standard input and answers on standard output until the client goes away. Paths are resolved
against the working folder it is started in and may not leave it. Nothing leaves the machine: the
guidance is the offline one (the agent is the language model).

Tools: review_design, simulate, verify, explain_rule, list_rules, get_schema, init_design,
guidance, propose_fix. Resources: the design format, the rule catalogue, the guidance format.

Add it to a client: claude mcp add eda-advisor -- npx eda-advisor mcp (Claude Code); the README
has Cursor's and VS Code's settings. Try it by hand: npx @modelcontextprotocol/inspector npx eda-advisor mcp.

Examples:
  $ eda-advisor mcp`,
    )
    .action(async () => {
      // The SDK (and its schemas) load with this command only: review does not pay for them.
      const { serveMcp } = await import('../mcp/server.js');
      await serveMcp(process.cwd());
    });
}
