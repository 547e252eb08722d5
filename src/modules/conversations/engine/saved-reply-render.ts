import { Liquid } from 'liquidjs';

/**
 * Saved replies are Liquid snippets: `{{ contact.first_name }}`, `{{ agent.name }}`, `{{ business.name }}`.
 * A missing value renders empty; the person edits the text before it is sent anyway.
 */
const engine = new Liquid({ strictFilters: true, strictVariables: false, ownPropertyOnly: true, parseLimit: 20_000, renderLimit: 100, memoryLimit: 1_000_000 });

export interface SnippetContext {
  contact: { name: string | null; first_name: string | null; last_name: string | null; phone: string | null };
  agent: { name: string | null };
  business: { name: string | null };
}

export const SNIPPET_VARIABLES = ['contact.name', 'contact.first_name', 'contact.last_name', 'contact.phone', 'agent.name', 'business.name'] as const;

/** Throws a readable message when the snippet is not valid Liquid. */
export function checkSnippet(source: string): string | null {
  try {
    engine.parse(source);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'not a valid snippet';
  }
}

export function renderSnippet(source: string, context: SnippetContext): string {
  const out = engine.parseAndRenderSync(source, context as unknown as Record<string, unknown>);
  return out.replace(/[ \t]+\n/g, '\n').replace(/ {2,}/g, ' ').trim();
}
