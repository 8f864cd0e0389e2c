import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** A tool's answer: structured content for programs, and a short text for the model to read. */
export function toolResult(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}
