import { Liquid, Output, type Template } from 'liquidjs';
import { allExpansions, expandSpintax, parseSpintax, SpintaxError, type ParsedSpintax } from './spintax.ts';

/**
 * Message templates: spintax first (on the template source), then Liquid with the contact, its company, the
 * business that sends (the organization's own name — not the contact's company), the campaign, the sender and
 * `ai.personalize`. Output is plain text (no HTML escaping). Unknown filters and
 * unknown variables are refused when the template is saved, so a send never meets a broken template.
 */
const engine = new Liquid({
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  // Guards against a template that loops for ever or builds huge strings.
  parseLimit: 100_000,
  renderLimit: 200,
  memoryLimit: 10_000_000,
});

export interface RenderContext {
  contact: {
    first_name: string | null;
    last_name: string | null;
    name: string;
    phone: string | null;
    email: string | null;
    telegram_username: string | null;
    telegram_id: string | null;
    language: string | null;
    tags: string[];
    custom: Record<string, unknown>;
  };
  company: { name: string | null; domain: string | null; custom: Record<string, unknown> };
  /** The sending business itself (the organization's profile); absent, its fields render empty. */
  business?: BusinessFacts;
  campaign: { name: string };
  sender: { name: string };
  ai: { personalize: string };
}

export interface BusinessFacts {
  name: string | null;
  phone: string | null;
  address: string | null;
}

const CONTACT_FIELDS = new Set(['first_name', 'last_name', 'name', 'display_name', 'phone', 'email', 'telegram_username', 'telegram_id', 'language', 'tags', 'custom', 'custom_fields']);
const COMPANY_FIELDS = new Set(['name', 'domain', 'custom', 'custom_fields']);
const BUSINESS_FIELDS = new Set(['name', 'phone', 'address']);

export class TemplateError extends Error {}

/** Which variables a template may use; anything else is most likely a typo (`contact.frist_name`). */
function checkVariable(raw: unknown[]): string | null {
  // A dynamic segment (`contact[key]`) is nested; its name is not known before rendering.
  const segments = raw.map((s) => (typeof s === 'string' || typeof s === 'number' ? String(s) : '[…]'));
  const [root, field] = segments;
  const path = segments.join('.');
  switch (root) {
    case 'contact':
      return field === undefined || CONTACT_FIELDS.has(field) ? null : `unknown variable "${path}" (contact has ${[...CONTACT_FIELDS].join(', ')})`;
    case 'company':
      return field === undefined || COMPANY_FIELDS.has(field) ? null : `unknown variable "${path}" (company has ${[...COMPANY_FIELDS].join(', ')})`;
    case 'business':
      return field === undefined || BUSINESS_FIELDS.has(field) ? null : `unknown variable "${path}" (business has ${[...BUSINESS_FIELDS].join(', ')})`;
    case 'campaign':
    case 'sender':
      return field === undefined || field === 'name' ? null : `unknown variable "${path}" (${root} has name)`;
    case 'ai':
      return field === 'personalize' ? null : `unknown variable "${path}" (ai has personalize)`;
    default:
      return `unknown variable "${path}"; use contact.*, company.*, business.*, campaign.name, sender.name or ai.personalize`;
  }
}

export interface CompiledTemplate {
  source: string;
  spintax: ParsedSpintax;
  usesAi: boolean;
}

/** Parses a template and checks every spintax option; throws TemplateError naming the problem. */
export function compileTemplate(source: string): CompiledTemplate {
  let spintax: ParsedSpintax;
  try {
    spintax = parseSpintax(source);
  } catch (error) {
    if (error instanceof SpintaxError) throw new TemplateError(`spintax: ${error.message}`);
    throw error;
  }
  let usesAi = false;
  for (const text of allExpansions(spintax)) {
    let template: Template[];
    try {
      template = parsed(text);
    } catch (error) {
      throw new TemplateError(`liquid: ${(error as Error).message}`);
    }
    for (const segments of engine.globalVariableSegmentsSync(template)) {
      const problem = checkVariable(segments);
      if (problem) throw new TemplateError(problem);
      if (segments[0] === 'ai') usesAi = true;
    }
  }
  return { source, spintax, usesAi };
}

// Parsed Liquid per expanded text; a template has few distinct expansions, so this stays small.
const parsedCache = new Map<string, Template[]>();

function parsed(text: string): Template[] {
  let template = parsedCache.get(text);
  if (!template) {
    template = engine.parse(text);
    if (parsedCache.size >= 5000) parsedCache.delete(parsedCache.keys().next().value!);
    parsedCache.set(text, template);
  }
  return template;
}

/** The names a template sees: the context plus the aliases (`display_name`, `custom_fields`). */
export function liquidScope(context: RenderContext): Record<string, unknown> {
  return {
    ...context,
    business: context.business ?? { name: null, phone: null, address: null },
    contact: { ...context.contact, display_name: context.contact.name, custom_fields: context.contact.custom },
    company: { ...context.company, custom_fields: context.company.custom },
  };
}

/** Renders one message: the spintax choice comes from `random` (seeded per participant and step). */
export function renderTemplate(template: CompiledTemplate, context: RenderContext, random: () => number): string {
  const text = template.spintax.hasChoices ? expandSpintax(template.spintax, random) : template.source;
  try {
    return engine.renderSync(parsed(text), liquidScope(context)).trim();
  } catch (error) {
    throw new TemplateError(`liquid: ${(error as Error).message}`);
  }
}

/** A context with every field filled, for checking at save time that a template renders. */
export function sampleContext(): RenderContext {
  return {
    contact: {
      first_name: 'Aida',
      last_name: 'Asanova',
      name: 'Aida Asanova',
      phone: '+996700000000',
      email: 'aida@example.com',
      telegram_username: 'aida',
      telegram_id: '100000001',
      language: 'ru',
      tags: ['vip'],
      custom: {},
    },
    company: { name: 'Example LLC', domain: 'example.com', custom: {} },
    business: { name: 'Lotus Salon', phone: '+996555000000', address: 'Bishkek, Chui 1' },
    campaign: { name: 'Campaign' },
    sender: { name: 'Sender' },
    ai: { personalize: 'Saw your salon opened a second branch — congratulations!' },
  };
}

/** Compiles and test-renders every spintax option with a sample contact; throws TemplateError. */
export function validateTemplate(source: string): CompiledTemplate {
  const compiled = compileTemplate(source);
  for (const text of allExpansions(compiled.spintax, 16)) {
    try {
      engine.renderSync(parsed(text), liquidScope(sampleContext()));
    } catch (error) {
      throw new TemplateError(`liquid: ${(error as Error).message}`);
    }
  }
  return compiled;
}

/** A variable a template prints on its own: outside any tag (`if`, `for`…) and without a `default:` filter. */
export interface PrintedVariable {
  /** As written: `company.name`. */
  path: string;
  segments: string[];
}

/** The top-level outputs of every spintax option that print one variable with no fallback. */
function unguardedOutputs(compiled: CompiledTemplate): Array<{ output: Output; variable: PrintedVariable }> {
  const found: Array<{ output: Output; variable: PrintedVariable }> = [];
  for (const text of allExpansions(compiled.spintax, 16)) {
    for (const node of parsed(text)) {
      // Anything inside a tag is the author's own logic (`{% if company.name %}…`): trusted.
      if (!(node instanceof Output)) continue;
      if (node.value.filters.some((f) => f.name === 'default')) continue;
      const variables = engine.globalVariableSegmentsSync([node]);
      if (variables.length !== 1) continue;
      const segments = variables[0]!.map(String);
      found.push({ output: node, variable: { path: segments.join('.'), segments } });
    }
  }
  return found;
}

/** Every variable the template prints with no fallback, once each, in order. */
export function unguardedVariables(compiled: CompiledTemplate): PrintedVariable[] {
  const seen = new Map<string, PrintedVariable>();
  for (const { variable } of unguardedOutputs(compiled)) if (!seen.has(variable.path)) seen.set(variable.path, variable);
  return [...seen.values()];
}

/**
 * The variables that would print nothing for this recipient ("Весной в  маникюр…"): printed outside any tag,
 * without `default:`, and rendering to blank text with this context.
 */
export function emptyVariables(compiled: CompiledTemplate, context: RenderContext): string[] {
  const scope = liquidScope(context);
  const empty = new Set<string>();
  for (const { output, variable } of unguardedOutputs(compiled)) {
    if (empty.has(variable.path)) continue;
    let text: string;
    try {
      text = String(engine.renderSync([output], scope));
    } catch {
      continue;
    }
    if (text.trim() === '') empty.add(variable.path);
  }
  return [...empty];
}
