import { contactVariables } from './contact-variables.ts';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { Organization } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { getOrganization } from '../orgs/index.ts';
import { getOrganizationSendWindow } from '../outreach/index.ts';
import { listContactsWithCompany } from '../contacts/index.ts';
import { allowanceAtLevel, getAccountHealth } from '../channels/index.ts';
import { compileTemplate, emptyVariables, renderTemplate, unguardedVariables, type BusinessFacts, type CompiledTemplate, type RenderContext } from './engine/render.ts';
import { seededRandom } from './engine/spintax.ts';
import { guessLanguage, offlineOpener } from './engine/ai-tasks.ts';
import { outreachHints, type OutreachHint } from './engine/outreach-hints.ts';
import { daysToSend, DEFAULT_QUIET_HOURS, windowCapacity, windowMinutes } from './engine/launch-plan.ts';
import { alignToWindow, zoneFor, type CampaignSchedule } from './engine/schedule.ts';
import { firstSendAt } from './engine/sequence.ts';
import { audienceOf, scheduleOf, toSequenceStep, variantsOf, type CampaignRow, type StepRow, type TemplateRow } from './campaign-model.ts';
import { audienceBreakdown, emptyVariableCounts, isRecipientVariable, previewAudience, type AudienceScope } from './campaign-audience.ts';
import type { TargetAudience } from './campaigns.schemas.ts';
import { effectiveLimits, getBudgetRow } from './account-limits.ts';
import { assertStartable, audienceScope, campaignTemplates, getCampaignRow, listSteps, resolveSendingAccount } from './campaigns.service.ts';

/**
 * The pre-launch check (seed 002 §6, "before you start"): who the campaign reaches after exclusions, three
 * messages as real recipients would read them, when it may send and how many days the account's allowance needs,
 * outreach hints, and what blocks the start. A start needs the `confirmToken` of a check that passed on the
 * campaign as it is now: any edit afterwards asks for a new check.
 */

/** The sending business's own facts: the organization's name, phone and address from its settings when set. */
export function businessFacts(organization: Pick<Organization, 'name' | 'settings'>): BusinessFacts {
  const settings = (organization.settings ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  return { name: text(organization.name), phone: text(settings.phone ?? settings.businessPhone), address: text(settings.address ?? settings.businessAddress) };
}

export interface EmptyVariableProblem {
  code: 'empty_variable';
  /** As written in the template: `company.name`. */
  variable: string;
  /** Steps (0-based) whose message prints it. */
  steps: number[];
  /** Recipients who would get a hole in their message. */
  recipients: number;
  exampleContactId: string | null;
  exampleContactName: string | null;
}

export type BlockingProblem = EmptyVariableProblem | { code: 'no_recipients' };

interface CompiledStep {
  index: number;
  step: StepRow;
  /** Every variant's template; the first is the one shown. */
  variants: Array<{ template: TemplateRow; compiled: CompiledTemplate }>;
}

function compileSteps(steps: StepRow[], templates: Map<string, TemplateRow>): CompiledStep[] {
  return steps.map((step, index) => ({
    index,
    step,
    variants: variantsOf(step)
      .map((v) => templates.get(v.templateId))
      .filter((t): t is TemplateRow => !!t)
      .map((template) => ({ template, compiled: compileTemplate(template.content) })),
  }));
}

/** A fingerprint of everything the check looked at: the token is only good for the campaign as checked. */
function launchFingerprint(campaign: CampaignRow, steps: StepRow[], templates: Map<string, TemplateRow>, business: BusinessFacts): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([campaign.id, campaign.organization_id, campaign.channel_account_id, campaign.target_audience, campaign.schedule, business]));
  for (const step of steps) {
    hash.update(JSON.stringify([step.id, step.order_index, step.trigger_type, step.delay_minutes, step.conditions, step.variants, step.template_id]));
    for (const variant of variantsOf(step)) hash.update(templates.get(variant.templateId)?.content ?? '');
  }
  return hash.digest('base64url').slice(0, 32);
}

import type { ContactWithCompany } from './contact-variables.ts';

export function contextFor(contact: ContactWithCompany, campaign: CampaignRow, senderName: string, business: BusinessFacts): RenderContext {
  const language = contact.language === 'ru' || contact.language === 'en' ? contact.language : guessLanguage(contact.display_name, campaign.name);
  return {
    ...contactVariables(contact),
    business,
    campaign: { name: campaign.name },
    sender: { name: senderName },
    // The check does not call the model: the offline opener stands in for {{ ai.personalize }}.
    ai: { personalize: offlineOpener({ language, contact: { firstName: contact.first_name, lastName: contact.last_name, company: contact.company_name ?? null, tags: contact.tags }, conversation: [], campaignName: campaign.name }) },
  };
}

/**
 * The window sends keep to: the campaign's working hours, else the organization's send window (outreach quiet
 * hours, 09:00–21:00 unless widened) in the recipient's zone, the organization's when unknown.
 */
function sendWindow(schedule: CampaignSchedule | null, organization: Organization, orgWindow: { start: string; end: string } | null) {
  if (schedule?.workingHours) {
    return { schedule, start: schedule.workingHours.start, end: schedule.workingHours.end, timezone: zoneFor(schedule, null, organization.timezone), daysOfWeek: schedule.daysOfWeek, recipientZone: schedule.useContactTimezone, source: 'campaign' as const };
  }
  const timezone = zoneFor(schedule, null, organization.timezone);
  const hours = orgWindow ?? DEFAULT_QUIET_HOURS;
  const fallback: CampaignSchedule = { timezone, workingHours: { start: hours.start, end: hours.end }, daysOfWeek: schedule?.daysOfWeek ?? null, useContactTimezone: true, jitterMinutes: 20 };
  return { schedule: fallback, start: hours.start, end: hours.end, timezone, daysOfWeek: fallback.daysOfWeek, recipientZone: true, source: 'default' as const };
}

export async function prelaunchCheck(ctx: AppContext, organizationId: string, campaignId: string) {
  const { db, clock } = ctx;
  const now = clock.now();
  const campaign = await getCampaignRow(db, organizationId, campaignId);
  if (campaign.status !== 'draft') {
    throw new AppError('CONFLICT', `the campaign is already ${campaign.status}`, [{ field: 'params.campaignId', message: `campaign is ${campaign.status}` }]);
  }
  const steps = await listSteps(db, organizationId, campaignId);
  const account = await resolveSendingAccount(db, organizationId, campaign);
  await assertStartable(ctx, organizationId, campaign, steps, account);
  const [organization, templateRows] = await Promise.all([getOrganization(db, organizationId), campaignTemplates(db, organizationId, campaignId)]);
  const templates = new Map(templateRows.map((t) => [t.id, t]));
  const business = businessFacts(organization);
  const compiled = compileSteps(steps, templates);
  const audience = audienceOf(campaign);
  const scope = audienceScope(organizationId, campaignId, account);

  // Variables printed with no fallback, per step; recipient ones are counted over the whole audience in SQL.
  const printed = new Map<string, { segments: string[]; steps: Set<number> }>();
  for (const s of compiled) {
    for (const { compiled: template } of s.variants) {
      for (const variable of unguardedVariables(template)) {
        const entry = printed.get(variable.path) ?? { segments: variable.segments, steps: new Set<number>() };
        entry.steps.add(s.index);
        printed.set(variable.path, entry);
      }
    }
  }
  const [breakdown, emptyCounts, health] = await Promise.all([
    audienceBreakdown(db, audience, scope),
    emptyVariableCounts(db, audience, scope, [...printed].map(([path, v]) => ({ path, segments: v.segments }))),
    getAccountHealth(db, organizationId, account.id, now),
  ]);

  const problems: BlockingProblem[] = [];
  const scopeForBusiness = { business, campaign: { name: campaign.name }, sender: { name: account.name } } as const;
  for (const [path, entry] of printed) {
    const steps = [...entry.steps].sort((a, b) => a - b);
    if (isRecipientVariable(entry.segments)) {
      const empty = emptyCounts.get(path);
      if (empty) problems.push({ code: 'empty_variable', variable: path, steps, recipients: empty.count, exampleContactId: empty.exampleContactId, exampleContactName: null });
    } else if (entry.segments[0] === 'business' || entry.segments[0] === 'campaign' || entry.segments[0] === 'sender') {
      // The same for everyone: empty for one means empty for all.
      const [root, field] = entry.segments as [keyof typeof scopeForBusiness, string];
      const value = (scopeForBusiness[root] as Record<string, string | null>)[field ?? ''];
      if (!value || !String(value).trim()) problems.push({ code: 'empty_variable', variable: path, steps, recipients: breakdown.willJoin, exampleContactId: null, exampleContactName: null });
    }
  }
  if (breakdown.willJoin === 0) problems.push({ code: 'no_recipients' });

  // Three real recipients: those a problem is about first, so the dialog shows the hole, then the first of the audience.
  const exampleIds = problems.flatMap((p) => (p.code === 'empty_variable' && p.exampleContactId ? [p.exampleContactId] : []));
  const firstIds = await sampleRecipientIds(db, audience, scope);
  const sampleIds = [...new Set([...exampleIds, ...firstIds])].slice(0, 3);
  const contacts = await listContactsWithCompany(db, organizationId, sampleIds);
  const byId = new Map(contacts.map((c) => [c.id, c]));
  for (const p of problems) if (p.code === 'empty_variable' && p.exampleContactId) p.exampleContactName = byId.get(p.exampleContactId)?.display_name ?? null;
  const samples = sampleIds
    .map((id) => byId.get(id))
    .filter((c): c is ContactWithCompany => !!c)
    .map((contact) => {
      const context = contextFor(contact, campaign, account.name, business);
      return {
        contactId: contact.id,
        contactName: contact.display_name,
        messages: compiled
          .filter((s) => s.variants.length > 0)
          .map((s) => {
            const { compiled: template } = s.variants[0]!;
            return { step: s.index, text: renderTemplate(template, context, seededRandom(`prelaunch:${contact.id}:${s.step.id}`)), emptyVariables: emptyVariables(template, context) };
          }),
      };
    });

  const firstSample = samples[0];
  const hints: OutreachHint[] = outreachHints(
    compiled.filter((s) => s.variants.length > 0).map((s) => ({ source: s.variants[0]!.template.content, rendered: firstSample?.messages.find((m) => m.step === s.index)?.text ?? s.variants[0]!.template.content })),
  );

  const window = sendWindow(scheduleOf(campaign), organization, await getOrganizationSendWindow(db, organizationId));
  const firstAt = alignToWindow(firstSendAt(steps.map(toSequenceStep), now), window.schedule, window.timezone, () => 0);
  const budget = await getBudgetRow(db, organizationId, account.id);
  const limits = effectiveLimits(account.channel, budget?.limits);
  const level = health.warmup.level;
  const leftToday = health.today.allowed === null ? null : Math.max(0, health.today.allowed - health.today.sent);
  // Sends only start when the window opens: a first send tomorrow leaves nothing of today.
  const startsToday = DateTime.fromJSDate(firstAt, { zone: window.timezone }).hasSame(DateTime.fromJSDate(now, { zone: window.timezone }), 'day');
  const capacity = windowCapacity(windowMinutes(window.start, window.end), limits.hourlyCap, limits.paceSeconds);
  const allowanceOn = (day: number) => (level === null ? health.today.allowed : allowanceAtLevel(limits.warmup, limits.dailyCap, level + day));
  // Counted from the first sending day: today with what is left of it, or tomorrow's full allowance.
  const offset = startsToday ? 0 : 1;
  const days = daysToSend(breakdown.willJoin, startsToday ? leftToday : allowanceOn(1), (day) => allowanceOn(day + offset), capacity);

  const blocked = problems.length > 0;
  return {
    campaignId,
    account: { id: account.id, name: account.name, channel: account.channel, riskScore: health.risk.score, riskLevel: health.risk.level },
    audience: breakdown,
    samples,
    window: {
      start: window.start,
      end: window.end,
      timezone: window.timezone,
      daysOfWeek: window.daysOfWeek,
      recipientZone: window.recipientZone,
      source: window.source,
      firstSendAt: firstAt.toISOString(),
    },
    allowance: {
      warmupLevel: level,
      today: health.today.allowed,
      sentToday: health.today.sent,
      leftToday,
      hourlyCap: limits.hourlyCap,
      perDayInWindow: capacity,
      daysNeeded: days,
    },
    hints,
    business,
    problems,
    confirmToken: blocked ? null : launchFingerprint(campaign, steps, templates, business),
  };
}

export type PrelaunchCheck = Awaited<ReturnType<typeof prelaunchCheck>>;

/** The first few contacts the audience selects (as the start would), for the rendered samples. */
async function sampleRecipientIds(db: DbOrTx, audience: TargetAudience, scope: AudienceScope): Promise<string[]> {
  const preview = await previewAudience(db, audience, scope);
  return preview.sample.slice(0, 3).map((s) => s.id);
}

/** The message that names a blocking problem for a person and for an API client. */
export function describeProblem(problem: BlockingProblem): string {
  if (problem.code === 'no_recipients') return 'no contact matches the audience after exclusions (opted out, no address on this channel, already contacted)';
  const who = problem.recipients === 1 ? '1 recipient' : `${problem.recipients} recipients`;
  return `{{ ${problem.variable} }} is empty for ${who} (step ${problem.steps.map((s) => s + 1).join(', ')}): add a fallback such as {{ ${problem.variable} | default: "…" }}${
    problem.variable.startsWith('company.') ? ', or use {{ business.name }} for your own business name' : ''
  }`;
}

/**
 * Start after a passed check: the blocking problems are checked again (a 422 naming the variable), then the token
 * must match the campaign as it is now.
 */
export async function assertLaunchConfirmed(ctx: AppContext, organizationId: string, campaignId: string, confirmToken: string | null | undefined): Promise<void> {
  const check = await prelaunchCheck(ctx, organizationId, campaignId);
  const problem = check.problems[0];
  if (problem) {
    const field = problem.code === 'empty_variable' ? `body.steps.${problem.steps[0]}.content` : 'body.targetAudience';
    throw new AppError('UNPROCESSABLE', describeProblem(problem), [{ field, message: describeProblem(problem) }]);
  }
  if (!confirmToken) {
    throw new AppError('UNPROCESSABLE', 'confirm the start: run the pre-launch check (POST /api/campaigns/:id/prelaunch) and send its confirmToken', [
      { field: 'body.confirmToken', message: 'required' },
    ]);
  }
  if (confirmToken !== check.confirmToken) {
    throw new AppError('CONFLICT', 'the campaign changed since the pre-launch check: check again', [{ field: 'body.confirmToken', message: 'out of date' }]);
  }
}
