import { contactVariables } from './contact-variables.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { listContactsWithCompany } from '../contacts/index.ts';
import { listConversations, loadDialog } from '../conversations/index.ts';
import { getChannelAccount } from '../channels/index.ts';
import { recordAiCall } from '../ai/index.ts';
import { renderTemplate, sampleContext, TemplateError, validateTemplate, type RenderContext } from './engine/render.ts';
import { seededRandom } from './engine/spintax.ts';
import { buildPersonalizeRequest, buildVariantRequest, guessLanguage, offlineOpener, PERSONALIZE_TASK, VARIANT_TASK, type PersonalizeInput } from './engine/ai-tasks.ts';
import { getCampaignRow } from './campaigns.service.ts';
import { businessFacts } from './campaign-prelaunch.ts';
import { getOrganization } from '../orgs/index.ts';

async function templateSource(ctx: AppContext, organizationId: string, campaignId: string, input: { content?: string | null; templateId?: string | null }): Promise<string> {
  if (input.content) return input.content;
  if (!input.templateId) throw new AppError('BAD_REQUEST', 'give content or templateId', [{ field: 'body.content', message: 'required' }]);
  const template = await ctx.db
    .selectFrom('campaign_templates')
    .select('content')
    .where('organization_id', '=', organizationId)
    .where('id', '=', input.templateId)
    .where((eb) => eb.or([eb('campaign_id', '=', campaignId), eb('campaign_id', 'is', null)]))
    .executeTakeFirst();
  if (!template) throw new AppError('BAD_REQUEST', 'no such template in this campaign or the presets', [{ field: 'body.templateId', message: 'no such template' }]);
  return template.content;
}

/**
 * Live preview of a step's message on a real contact (the builder's editor), rendered exactly as the sender will:
 * spintax choice, Liquid, and `{{ai.personalize}}` from the AI provider (offline opener as fallback).
 */
export async function previewMessage(ctx: AppContext, organizationId: string, campaignId: string, input: { content?: string | null; templateId?: string | null; contactId?: string | null }) {
  const campaign = await getCampaignRow(ctx.db, organizationId, campaignId);
  const source = await templateSource(ctx, organizationId, campaignId, input);
  let compiled;
  try {
    compiled = validateTemplate(source);
  } catch (error) {
    if (error instanceof TemplateError) throw new AppError('BAD_REQUEST', `template does not render: ${error.message}`, [{ field: input.content ? 'body.content' : 'body.templateId', message: error.message }]);
    throw error;
  }
  const account = campaign.channel_account_id ? await getChannelAccount(ctx.db, organizationId, campaign.channel_account_id).catch(() => null) : null;
  const business = businessFacts(await getOrganization(ctx.db, organizationId));
  let context: RenderContext = { ...sampleContext(), business, campaign: { name: campaign.name }, sender: { name: account?.name ?? 'Sender' } };
  let aiSource: 'sample' | 'offline' | 'llm' = 'sample';
  if (input.contactId) {
    const [contact] = await listContactsWithCompany(ctx.db, organizationId, [input.contactId]);
    if (!contact) throw new AppError('BAD_REQUEST', 'no such contact', [{ field: 'body.contactId', message: 'no such contact' }]);
    let personalize = '';
    if (compiled.usesAi) {
      const conversation = (await listConversations(ctx.db, organizationId, { contactId: contact.id, limit: 1 })).items[0];
      const dialog = conversation ? await loadDialog(ctx.db, organizationId, conversation.id, 6) : [];
      const aiInput: PersonalizeInput = {
        language: contact.language === 'ru' || contact.language === 'en' ? contact.language : guessLanguage(contact.display_name, ...dialog.map((d) => d.text)),
        contact: { firstName: contact.first_name, lastName: contact.last_name, company: contact.company_name ?? null, tags: contact.tags },
        conversation: dialog.map((d) => ({ from: d.direction === 'inbound' ? ('contact' as const) : ('us' as const), text: d.text.slice(0, 500) })),
        campaignName: campaign.name,
      };
      try {
        const resolved = await ctx.ai.providerFor(ctx.db, organizationId);
        const result = await resolved.provider.generateJson(buildPersonalizeRequest(aiInput));
        if (resolved.mode === 'llm') await recordAiCall(ctx.db, organizationId, result, PERSONALIZE_TASK);
        personalize = result.value.opener;
        aiSource = result.provider === 'openai' ? 'llm' : 'offline';
      } catch {
        personalize = offlineOpener(aiInput);
        aiSource = 'offline';
      }
    }
    context = {
      ...context,
      ...contactVariables(contact),
      ai: { personalize },
    };
  }
  const seed = `${input.contactId ?? 'sample'}:${source}`;
  return { text: renderTemplate(compiled, context, seededRandom(seed)), usesAi: compiled.usesAi, aiSource: compiled.usesAi ? aiSource : null };
}

/** Seed 002 §3.4 "generate a variant": the model rewrites the message for an A/B test; offline, a deterministic rewrite. */
export async function generateVariant(ctx: AppContext, organizationId: string, campaignId: string, input: { content?: string | null; templateId?: string | null; instructions?: string | null }) {
  await getCampaignRow(ctx.db, organizationId, campaignId);
  const source = await templateSource(ctx, organizationId, campaignId, input);
  const resolved = await ctx.ai.providerFor(ctx.db, organizationId);
  const request = buildVariantRequest({ content: source, instructions: input.instructions ?? null, language: guessLanguage(source) });
  const result = await resolved.provider.generateJson(request);
  if (resolved.mode === 'llm') await recordAiCall(ctx.db, organizationId, result, VARIANT_TASK);
  let content = result.value.content;
  try {
    validateTemplate(content);
  } catch {
    // The model broke a Liquid expression: fall back to the deterministic rewrite, which keeps them intact.
    content = (await ctx.ai.offline.generateJson(request)).value.content;
  }
  return { content, provider: result.provider, fallbackReason: result.fallbackReason ?? null };
}
