import { contactVariables } from './contact-variables.ts';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import type { ChannelAccount, ChannelType } from '../../platform/db/schema.ts';
import type { PeriodicTask } from '../../platform/jobs/job-runner.ts';
import { backoffMs } from '../../platform/jobs/job-queue.ts';
import { recordEvent } from '../events/index.ts';
import { adapterContext, adapterFor, ChannelError, getChannelAccount, markAccountDisconnected, outcomeOfError, recordSendOutcome, type ChannelAdapter } from '../channels/index.ts';
import { listContactsWithCompany } from '../contacts/index.ts';
import { loadDialog, upsertOutboundConversations } from '../conversations/index.ts';
import { currentLeadStages } from '../pipelines/index.ts';
import { getOrganization } from '../orgs/index.ts';
import { businessFacts } from './campaign-prelaunch.ts';
import type { BusinessFacts } from './engine/render.ts';
import { recordAiCall, type ResolvedProvider } from '../ai/index.ts';
import { evaluateConditions, pipelinesOf, type ConditionFacts, type ContactRuleField, type StepConditions } from './engine/conditions.ts';
import { alignToWindow, isValidZone, isWithinWindow, zoneFor, type CampaignSchedule } from './engine/schedule.ts';
import { decideNext, planAfterSend, type Decision, type SequencePolicy, type SequenceStep } from './engine/sequence.ts';
import { compileTemplate, renderTemplate, TemplateError, type CompiledTemplate, type RenderContext } from './engine/render.ts';
import { pickWeighted, seededRandom } from './engine/spintax.ts';
import { buildPersonalizeRequest, guessLanguage, offlineOpener, PERSONALIZE_TASK, type PersonalizeInput } from './engine/ai-tasks.ts';
import { leadSettingsOf, sendingScheduleOf, settingsOf, toSequenceStep, variantsOf, type LeadCreationSettings, type TemplateRow } from './campaign-model.ts';
import {
  blockAccount,
  capFor,
  countSends,
  counterWindows,
  allowanceToday,
  effectiveLimits,
  ensureBudgetRow,
  getOrganizationSendWindow,
  outboundBodies,
  paceIntervalMs,
  releaseSends,
  REPLY_HOLD_MS,
  resolveWindow,
  type AccountLimits,
  type SendWindow,
} from '../outreach/index.ts';
import {
  claimUnlimited,
  claimWithBudget,
  completeBatch,
  completeFinishedCampaigns,
  listDueCampaigns,
  loadSends,
  recordSends,
  type ClaimedParticipant,
  type DueCampaign,
  type ExistingSend,
  type ParticipantResult,
  type RowResult,
} from './campaign-sender.repository.ts';
import { enqueueLeadJobs } from './campaign-lead.job.ts';

/**
 * The campaign sender: a periodic task of every job process. A pass lists active campaigns with due participants
 * and, in a few concurrent lanes, claims them in batches (SKIP LOCKED; for an account with limits, the pace and
 * caps are taken in the claim itself), decides each participant's next move (send, skip, wait for the window or
 * a reply, finish), renders, records the sends and their messages as 'sending', calls the channel, and completes
 * everything in one statement. A process killed anywhere in between loses nothing: claimed participants come back
 * when their lease ends, and a step with a 'sending' row is reconciled with the channel, never sent blindly again.
 */
export interface SenderConfig {
  batchSize: number;
  lanes: number;
  leaseMs: number;
  /**
   * How long one pass keeps claiming before it yields to the job loop (which then claims its jobs and, with work
   * left, runs the next pass at once): long enough that the lanes rarely stand idle at a pass boundary.
   */
  sliceMs: number;
  /** How far ahead a paced account's slots are reserved (the sends then wait for their slot). */
  lookaheadMs: number;
  /** Channel calls in flight at once per batch (accounts without a pace). */
  sendConcurrency: number;
  maxAttempts: number;
}

export const DEFAULT_SENDER_CONFIG: SenderConfig = {
  batchSize: 500,
  lanes: 2,
  leaseMs: 120_000,
  sliceMs: 1500,
  lookaheadMs: 1000,
  sendConcurrency: 32,
  maxAttempts: 6,
};

interface VariantRuntime {
  key: string;
  weight: number;
  templateId: string;
  template: CompiledTemplate;
  conditions: StepConditions | null;
}

interface RuntimeCampaign {
  campaign: DueCampaign;
  account: ChannelAccount;
  adapter: ChannelAdapter;
  orgZone: string;
  /** The sending business (the organization's own name, phone, address) for `{{ business.* }}`. */
  business: BusinessFacts;
  schedule: CampaignSchedule | null;
  stopOnReply: boolean;
  replyWindowMs: number;
  lead: LeadCreationSettings | null;
  steps: SequenceStep[];
  variants: Map<string, VariantRuntime[]>;
  pipelines: string[];
  limits: AccountLimits;
  intervalMs: number;
  isLimited: boolean;
}

type ContactFacts = Awaited<ReturnType<typeof listContactsWithCompany>>[number];

type Delivery =
  | { kind: 'sent'; externalId: string; sentAt: Date }
  | { kind: 'refused'; error: ChannelError }
  | { kind: 'unknown'; error: unknown }
  /** A paced send that fell too far behind its slot: not sent, its slot given up, claimed again with a new one. */
  | { kind: 'deferred' };

interface PendingSend {
  participant: ClaimedParticipant;
  step: SequenceStep;
  sendId: string;
  messageId: string;
  chatId: string;
  body: string;
  conversationId: string;
  skipped: SequenceStep[];
  policy: SequencePolicy;
}

const MAX_DATE = (a: Date | null, b: Date | null): Date | null => (a && b ? (a > b ? a : b) : a ?? b);

export class CampaignSender {
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly config: SenderConfig = DEFAULT_SENDER_CONFIG,
  ) {}

  /** One pass; true when it stopped with work left (the job loop then runs it again without sleeping). */
  async runPass(): Promise<boolean> {
    const started = performance.now();
    const now = this.ctx.clock.now();
    await this.completeFinished(now);
    const due = await listDueCampaigns(this.ctx.db, now);
    if (due.length === 0) return false;
    const active = shuffle(due);
    const runtimes = new Map<string, Promise<RuntimeCampaign | null>>();
    let progressed = false;
    let outOfTime = false;
    let turn = 0;
    const lane = async () => {
      while (active.length > 0) {
        if (performance.now() - started > this.config.sliceMs) {
          outOfTime = true;
          return;
        }
        const campaign = active[turn++ % active.length]!;
        let runtime = runtimes.get(campaign.id);
        if (!runtime) {
          runtime = this.runtimeFor(campaign);
          runtimes.set(campaign.id, runtime);
        }
        const claimed = await this.processCampaign(campaign, await runtime).catch((error: unknown) => {
          this.ctx.logger.error({ err: error, campaignId: campaign.id }, 'campaign batch failed');
          return 0;
        });
        if (claimed > 0) progressed = true;
        else {
          const index = active.indexOf(campaign);
          if (index >= 0) active.splice(index, 1);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.config.lanes) }, lane));
    await Promise.all([...this.background]);
    // Progress means there may be more right away (the next paced slots, the rest of a big campaign).
    return progressed || outOfTime;
  }

  /** Runs passes until nothing is due (tests, benchmarks). */
  async runUntilIdle(maxPasses = 10_000): Promise<number> {
    let passes = 0;
    while (passes < maxPasses) {
      passes++;
      if (!(await this.runPass())) break;
    }
    return passes;
  }

  private async completeFinished(now: Date): Promise<void> {
    await this.ctx.db.transaction().execute(async (tx) => {
      const completed = await completeFinishedCampaigns(tx, now);
      for (const campaign of completed) {
        await recordEvent(tx, { organizationId: campaign.organization_id, type: 'campaign.completed', subjectType: 'campaign', subjectId: campaign.id, payload: { reason: 'finished' } });
      }
    });
  }

  /** The sending account was deleted: the campaign cannot go on by itself, so it is paused, saying why. */
  private async pauseForMissingAccount(campaign: DueCampaign): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const paused = await tx
        .updateTable('campaigns')
        .set({ status: 'paused', paused_at: now, updated_at: now })
        .where('organization_id', '=', campaign.organization_id)
        .where('id', '=', campaign.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (Number(paused.numUpdatedRows) === 0) return;
      await recordEvent(tx, {
        organizationId: campaign.organization_id,
        type: 'campaign.paused',
        subjectType: 'campaign',
        subjectId: campaign.id,
        payload: { reason: 'the sending account was deleted' },
      });
    });
  }

  private async runtimeFor(campaign: DueCampaign): Promise<RuntimeCampaign | null> {
    const { db, channels } = this.ctx;
    const organizationId = campaign.organization_id;
    const account = campaign.channel_account_id ? await getChannelAccount(db, organizationId, campaign.channel_account_id).catch(() => null) : null;
    if (!account) {
      await this.pauseForMissingAccount(campaign);
      return null;
    }
    // A paused or disconnected account: its participants wait until it is active again.
    if (account.status !== 'active' || !channels.get(account.channel)) return null;
    const [organization, orgWindow, stepRows, templateRows] = await Promise.all([
      getOrganization(db, organizationId),
      getOrganizationSendWindow(db, organizationId),
      db.selectFrom('campaign_steps').selectAll().where('organization_id', '=', organizationId).where('campaign_id', '=', campaign.id).orderBy('order_index').execute(),
      db
        .selectFrom('campaign_templates')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where((eb) => eb.or([eb('campaign_id', '=', campaign.id), eb('campaign_id', 'is', null)]))
        .execute(),
    ]);
    const templates = new Map<string, TemplateRow>(templateRows.map((t) => [t.id, t]));
    const variants = new Map<string, VariantRuntime[]>();
    const pipelines = new Set<string>();
    for (const step of stepRows) {
      const list: VariantRuntime[] = [];
      for (const variant of variantsOf(step)) {
        const template = templates.get(variant.templateId);
        if (!template) continue;
        const conditions = (template.conditions as StepConditions | null) ?? null;
        pipelinesOf(conditions).forEach((p) => pipelines.add(p));
        list.push({ key: variant.key, weight: variant.weight, templateId: template.id, template: compileTemplate(template.content), conditions });
      }
      pipelinesOf(step.conditions as StepConditions | null).forEach((p) => pipelines.add(p));
      variants.set(step.id, list);
    }
    const settings = settingsOf(campaign);
    const limits = effectiveLimits(account.channel as ChannelType, campaign.budget_limits);
    const audience = (campaign.target_audience ?? {}) as { sendDelaySeconds?: number | null };
    const intervalMs = paceIntervalMs(limits, audience.sendDelaySeconds);
    const isLimited = intervalMs > 0 || limits.hourlyCap !== null || limits.dailyCap !== null || limits.warmup !== null;
    if (isLimited && !campaign.warmup_started_at) await ensureBudgetRow(db, organizationId, account.id, this.ctx.clock.now());
    const orgZone = isValidZone(organization.timezone) ? organization.timezone : 'UTC';
    return {
      campaign,
      account,
      adapter: adapterFor(channels, account.channel),
      orgZone,
      business: businessFacts(organization),
      // Quiet hours: without working hours of its own the campaign keeps the account's or organization's send window.
      schedule: sendingScheduleOf(campaign, resolveWindow(orgWindow, campaign.budget_send_window as SendWindow | null), orgZone),
      stopOnReply: settings.stopOnReply,
      replyWindowMs: settings.replyWindowHours * 3_600_000,
      lead: leadSettingsOf(campaign),
      steps: stepRows.map(toSequenceStep),
      variants,
      pipelines: [...pipelines],
      limits,
      intervalMs,
      isLimited,
    };
  }

  /** Claims one batch of the campaign and processes it; returns how many participants were claimed. */
  private async processCampaign(campaign: DueCampaign, runtime: RuntimeCampaign | null): Promise<number> {
    if (!runtime) return 0;
    const now = this.ctx.clock.now();
    if (campaign.blocked_until && campaign.blocked_until > now) return 0;
    const token = randomUUID();
    const scope = {
      organizationId: campaign.organization_id,
      campaignId: campaign.id,
      now,
      leaseUntil: new Date(now.getTime() + this.config.leaseMs),
      token,
      limit: this.config.batchSize,
    };
    if (!runtime.isLimited) {
      const claimed = await claimUnlimited(this.ctx.db, scope);
      if (claimed.length > 0) await this.processBatch(runtime, claimed, token, now, null);
      return claimed.length;
    }
    const { hourStart, dayStart } = counterWindows(now, runtime.orgZone);
    // Today's allowance at the account's warm-up level: the number its health card shows.
    const allowance = await allowanceToday(this.ctx.db, campaign.organization_id, runtime.account, runtime.limits, now);
    const claimed = await claimWithBudget(this.ctx.db, {
      ...scope,
      accountId: runtime.account.id,
      horizon: new Date(now.getTime() + this.config.lookaheadMs),
      intervalMs: runtime.intervalMs,
      hourStart,
      // Cold outreach leaves each cap's reply reserve to replies, and stands aside while a reply waits for the pace.
      hourCap: capFor(runtime.limits.hourlyCap, 'cold'),
      dayStart,
      dayCap: capFor(allowance, 'cold'),
      replyHeldSince: new Date(now.getTime() - REPLY_HOLD_MS),
    });
    if (claimed.length > 0) {
      // Paced sends wait for their slots; the lane moves on to other campaigns meanwhile.
      const work = this.processBatch(runtime, claimed, token, now, { hourStart, dayStart }).catch((error: unknown) => {
        this.ctx.logger.error({ err: error, campaignId: campaign.id }, 'campaign batch failed');
      });
      this.background.add(work);
      void work.finally(() => this.background.delete(work));
    }
    return claimed.length;
  }

  /** `taken`: the counter windows a limited account's claim counted the batch in (null: nothing was counted yet). */
  private async processBatch(rt: RuntimeCampaign, claimed: ClaimedParticipant[], token: string, claimedAt: Date, taken: { hourStart: Date; dayStart: Date } | null): Promise<void> {
    const { db } = this.ctx;
    const organizationId = rt.campaign.organization_id;
    const now = this.ctx.clock.now();
    const [contacts, sends] = await Promise.all([
      listContactsWithCompany(db, organizationId, [...new Set(claimed.map((p) => p.contact_id))]),
      loadSends(db, organizationId, claimed.map((p) => p.id)),
    ]);
    const contactById = new Map(contacts.map((c) => [c.id, c]));
    const sendByKey = new Map<string, ExistingSend>(sends.map((s) => [`${s.participant_id}:${s.step_id}`, s]));
    const stages = rt.pipelines.length > 0 ? await currentLeadStages(db, organizationId, contacts.map((c) => c.id), rt.pipelines) : new Map<string, string>();

    const results: ParticipantResult[] = [];
    const sendUpdates: RowResult[] = [];
    const messageUpdates: RowResult[] = [];
    const removedSends: string[] = [];
    const removedMessages: string[] = [];
    const firstSends: string[] = [];
    const fresh: Array<Omit<PendingSend, 'conversationId' | 'sendId' | 'messageId'> & { contact: ContactFacts }> = [];
    const reconcile: Array<{ participant: ClaimedParticipant; step: SequenceStep; existing: ExistingSend; skipped: SequenceStep[]; policy: SequencePolicy; contact: ContactFacts }> = [];
    // Interrupted sends of steps the participant will not send now (a reply stopped it meanwhile, a condition changed):
    // settled with the channel so no row is left 'sending', and never sent again.
    const orphans: ExistingSend[] = [];
    const interruptedOf = (p: ClaimedParticipant, except: string | null) => sends.filter((s) => s.participant_id === p.id && s.status === 'sending' && s.step_id !== except);

    const base = (p: ClaimedParticipant): ParticipantResult => ({
      id: p.id,
      status: p.status,
      current_step: p.current_step,
      anchor_at: p.anchor_at,
      next_send_at: null,
      sent_at: null,
      attempts: p.attempts,
      last_error: null,
      finished: false,
      conversation_id: null,
      skipped: null,
    });
    const skippedIds = (skipped: SequenceStep[]) => (skipped.length > 0 ? skipped.map((s) => s.id) : null);
    const advanced = (p: ClaimedParticipant, step: SequenceStep, sentAt: Date, policy: SequencePolicy, skipped: SequenceStep[], extra: Partial<ParticipantResult> = {}): ParticipantResult => {
      const plan = planAfterSend(step.index, sentAt, policy);
      if (!p.first_sent_at) firstSends.push(p.id);
      return {
        ...base(p),
        status: 'sent',
        current_step: plan.currentStep,
        anchor_at: plan.anchorAt,
        next_send_at: plan.nextSendAt,
        sent_at: sentAt,
        attempts: 0,
        finished: plan.nextSendAt === null,
        skipped: skippedIds(skipped),
        ...extra,
      };
    };
    const bounced = (p: ClaimedParticipant, step: SequenceStep, error: string, skipped: SequenceStep[], extra: Partial<ParticipantResult> = {}): ParticipantResult => ({
      ...base(p),
      status: 'bounced',
      current_step: step.index,
      last_error: error.slice(0, 1000),
      finished: true,
      skipped: skippedIds(skipped),
      ...extra,
    });
    const retry = (p: ClaimedParticipant, step: SequenceStep, at: Date, error: string, attempts: number, skipped: SequenceStep[]): ParticipantResult => ({
      ...base(p),
      current_step: step.index,
      next_send_at: at,
      attempts,
      last_error: error.slice(0, 1000),
      skipped: skippedIds(skipped),
    });

    for (const p of claimed) {
      const contact = contactById.get(p.contact_id);
      if (!contact) {
        results.push({ ...base(p), status: 'stopped', last_error: 'contact no longer exists', finished: true });
        continue;
      }
      if (contact.opted_out_at) {
        results.push({ ...base(p), status: 'opted_out', finished: true });
        continue;
      }
      const policy = this.policyFor(rt, p, contact, stages, now);
      const decision: Decision = decideNext(
        { currentStep: p.current_step, anchorAt: p.anchor_at, lastSentAt: p.last_sent_at, lastReplyAt: MAX_DATE(p.last_reply_at, contact.last_message_at) },
        policy,
      );
      orphans.push(...interruptedOf(p, decision.kind === 'send' ? decision.step.id : null));
      if (decision.kind === 'wait') {
        results.push({ ...base(p), current_step: decision.currentStep, anchor_at: decision.anchorAt, next_send_at: decision.nextSendAt, skipped: skippedIds(decision.skipped) });
        continue;
      }
      if (decision.kind === 'finish') {
        const neverSent = !p.first_sent_at;
        results.push({
          ...base(p),
          status: neverSent ? 'stopped' : p.status,
          current_step: decision.currentStep,
          anchor_at: decision.anchorAt,
          finished: true,
          last_error: neverSent ? 'no step was sent: every step was skipped' : null,
          skipped: skippedIds(decision.skipped),
        });
        continue;
      }
      const { step, skipped } = decision;
      const existing = sendByKey.get(`${p.id}:${step.id}`);
      if (existing) {
        if (existing.status === 'sent' || existing.status === 'unknown') results.push(advanced(p, step, existing.sent_at ?? existing.created_at, policy, skipped));
        else if (existing.status === 'failed') results.push(bounced(p, step, existing.error ?? 'the channel refused the message', skipped));
        else reconcile.push({ participant: p, step, existing, skipped, policy, contact });
        continue;
      }
      fresh.push({ participant: p, step, skipped, policy, contact, chatId: '', body: '' });
    }

    // Fresh sends: address, render, conversation, record, then call the channel.
    const ready: Array<(typeof fresh)[number]> = [];
    const provider = fresh.some((f) => this.variantFor(rt, f.step, f.participant.id)?.template.usesAi) ? await this.ctx.ai.providerFor(db, organizationId).catch(() => null) : null;
    await mapLimit(fresh, 8, async (item) => {
      const p = item.participant;
      const chatId = rt.adapter.chatIdForContact(item.contact);
      if (!chatId) {
        results.push(bounced(p, item.step, `the contact has no address on ${rt.account.channel}`, item.skipped));
        return;
      }
      const variant = this.variantFor(rt, item.step, p.id);
      if (!variant) {
        results.push({ ...base(p), status: 'stopped', current_step: item.step.index, last_error: 'the step has no template', finished: true, skipped: skippedIds(item.skipped) });
        return;
      }
      try {
        const personalize = variant.template.usesAi ? await this.personalize(rt, provider, p, item.contact) : '';
        const body = renderTemplate(variant.template, this.renderContext(rt, item.contact, personalize), seededRandom(`${p.id}:${item.step.id}`));
        if (!body) throw new TemplateError('the message rendered empty');
        ready.push({ ...item, chatId, body });
      } catch (error) {
        results.push({ ...base(p), status: 'stopped', current_step: item.step.index, last_error: `template failed: ${(error as Error).message}`.slice(0, 1000), finished: true, skipped: skippedIds(item.skipped) });
      }
    });

    const pending: PendingSend[] = [];
    if (ready.length > 0) {
      const conversations = await upsertOutboundConversations(
        db,
        organizationId,
        { id: rt.account.id, channel: rt.account.channel },
        ready.map((r) => ({ externalChatId: r.chatId, contactId: r.contact.id, body: r.body })),
        now,
      );
      const prepared = ready.map((r) => ({ ...r, sendId: randomUUID(), messageId: randomUUID(), conversationId: conversations.get(r.chatId)! }));
      const recorded = await recordSends(
        db,
        { organizationId, campaignId: rt.campaign.id, accountId: rt.account.id, authorName: rt.campaign.name, now },
        prepared.map((r) => ({
          sendId: r.sendId,
          participantId: r.participant.id,
          stepId: r.step.id,
          stepIndex: r.step.index,
          variant: this.variantFor(rt, r.step, r.participant.id)!.key,
          messageId: r.messageId,
          conversationId: r.conversationId,
          body: r.body,
        })),
      );
      for (const r of prepared) {
        if (recorded.has(r.sendId)) pending.push(r);
        // Someone recorded this step meanwhile: due again at once, the next claim reconciles it.
        else results.push({ ...base(r.participant), current_step: r.step.index, next_send_at: now, skipped: skippedIds(r.skipped) });
      }
    }

    // Interrupted sends ('sending' rows): ask the channel before anything else.
    if (reconcile.length > 0) {
      const bodies = await outboundBodies(db, organizationId, reconcile.map((r) => r.existing.message_id));
      await mapLimit(reconcile, 8, async (item) => {
        const { participant: p, step, existing, skipped, policy } = item;
        let found: { externalId: string; sentAt: Date } | null | undefined;
        try {
          found = rt.adapter.findSent ? await rt.adapter.findSent(rt.account, existing.message_id, adapterContext(this.ctx)) : undefined;
        } catch (error) {
          const attempts = p.attempts + 1;
          results.push(retry(p, step, new Date(now.getTime() + backoffMs(attempts)), `could not reconcile: ${(error as Error).message}`, attempts, skipped));
          return;
        }
        if (found) {
          sendUpdates.push({ id: existing.id, status: 'sent', external_id: found.externalId, sent_at: found.sentAt, error: null });
          messageUpdates.push({ id: existing.message_id, status: 'sent', external_id: found.externalId, sent_at: found.sentAt, error: null });
          results.push(advanced(p, step, found.sentAt, policy, skipped));
          return;
        }
        const message = bodies.get(existing.message_id);
        const chatId = rt.adapter.chatIdForContact(item.contact);
        if (found === null && message && chatId) {
          // The channel says it never got it: sending again is safe.
          pending.push({ participant: p, step, sendId: existing.id, messageId: existing.message_id, chatId, body: message.body, conversationId: message.conversationId, skipped, policy });
          return;
        }
        const error = 'send was interrupted and the channel cannot tell whether it went out';
        sendUpdates.push({ id: existing.id, status: 'unknown', external_id: null, sent_at: null, error });
        messageUpdates.push({ id: existing.message_id, status: 'unknown', external_id: null, sent_at: null, error });
        results.push(advanced(p, step, existing.created_at, policy, skipped, { last_error: error }));
      });
    }

    if (orphans.length > 0) await this.settleOrphans(rt, orphans, { sendUpdates, messageUpdates, removedSends, removedMessages });

    // The channel calls: paced accounts one by one at their slots, others concurrently.
    const deliveries = await this.deliver(rt, pending, claimed);
    let accountRevoked = false;
    for (const [index, item] of pending.entries()) {
      const delivery = deliveries[index]!;
      const { participant: p, step, skipped, policy } = item;
      const at = this.ctx.clock.now();
      if (delivery.kind === 'sent') {
        sendUpdates.push({ id: item.sendId, status: 'sent', external_id: delivery.externalId, sent_at: delivery.sentAt, error: null });
        messageUpdates.push({ id: item.messageId, status: 'sent', external_id: delivery.externalId, sent_at: delivery.sentAt, error: null });
        results.push(advanced(p, step, delivery.sentAt, policy, skipped, { conversation_id: item.conversationId, last_error: null }));
        this.ctx.metrics.messagesSent.inc({ channel: rt.account.channel, outcome: 'sent' });
        continue;
      }
      if (delivery.kind === 'deferred') {
        removedSends.push(item.sendId);
        removedMessages.push(item.messageId);
        results.push({ ...base(p), current_step: step.index, next_send_at: at, skipped: skippedIds(skipped) });
        continue;
      }
      if (delivery.kind === 'unknown') {
        const attempts = p.attempts + 1;
        const message = String((delivery.error as Error)?.message ?? delivery.error);
        if (attempts >= this.config.maxAttempts) {
          sendUpdates.push({ id: item.sendId, status: 'unknown', external_id: null, sent_at: null, error: message });
          messageUpdates.push({ id: item.messageId, status: 'unknown', external_id: null, sent_at: null, error: message });
          results.push(advanced(p, step, at, policy, skipped, { conversation_id: item.conversationId, last_error: message }));
          this.ctx.metrics.messagesSent.inc({ channel: rt.account.channel, outcome: 'unknown' });
        } else {
          // Outcome unknown: the row stays 'sending', so the next attempt asks the channel first.
          results.push({ ...retry(p, step, new Date(at.getTime() + backoffMs(attempts)), message, attempts, skipped), conversation_id: item.conversationId });
          this.ctx.metrics.messagesSent.inc({ channel: rt.account.channel, outcome: 'retry' });
        }
        continue;
      }
      const error = delivery.error;
      if (error.code === 'RECIPIENT_INVALID' || error.code === 'REJECTED') {
        sendUpdates.push({ id: item.sendId, status: 'failed', external_id: null, sent_at: null, error: error.message });
        messageUpdates.push({ id: item.messageId, status: 'failed', external_id: null, sent_at: null, error: error.message });
        results.push(bounced(p, step, error.message, skipped, { conversation_id: item.conversationId }));
        this.ctx.metrics.messagesSent.inc({ channel: rt.account.channel, outcome: 'failed' });
        continue;
      }
      // The channel did not take it: nothing was sent, so neither row stays.
      removedSends.push(item.sendId);
      removedMessages.push(item.messageId);
      this.ctx.metrics.messagesSent.inc({ channel: rt.account.channel, outcome: 'retry' });
      if (error.code === 'RATE_LIMITED') {
        const until = new Date(at.getTime() + (error.retryAfterMs ?? 60_000));
        await blockAccount(db, organizationId, rt.account.id, until, at);
        results.push(retry(p, step, until, error.message, p.attempts, skipped));
      } else if (error.code === 'AUTH_REVOKED') {
        if (!accountRevoked) await markAccountDisconnected(db, rt.account, error.message, at);
        accountRevoked = true;
        results.push(retry(p, step, new Date(at.getTime() + 15 * 60_000), error.message, p.attempts, skipped));
      } else {
        const attempts = p.attempts + 1;
        if (attempts >= this.config.maxAttempts) results.push(bounced(p, step, `gave up after ${attempts} attempts: ${error.message}`, skipped));
        else results.push(retry(p, step, new Date(at.getTime() + backoffMs(attempts)), error.message, attempts, skipped));
      }
    }

    // The account's budget counts what went out (or may have): a limited account's claim counted the whole batch,
    // so what did not go gives its count back; an account without limits counts its sends now.
    const went = deliveries.filter((d) => d.kind === 'sent' || d.kind === 'unknown').length;
    if (taken) await releaseSends(db, { organizationId, accountId: rt.account.id, count: claimed.length - went, ...taken });
    else await countSends(db, { organizationId, accountId: rt.account.id, count: went, now: this.ctx.clock.now(), zone: rt.orgZone });
    // The account's health counts campaign sends too, so a burst of failures pauses it for every sender.
    await recordSendOutcome(db, organizationId, rt.account.id, deliveries.map((d) => (d.kind === 'sent' ? 'sent' : d.kind === 'deferred' ? null : outcomeOfError(d.error))), this.ctx.clock.now());
    // Queued before completing: the first sends happened, whatever becomes of this process (the job is idempotent).
    if (rt.lead?.trigger === 'on_first_send' && firstSends.length > 0) await enqueueLeadJobs(db, organizationId, rt.campaign.id, firstSends, this.ctx.clock.now());
    await completeBatch(db, { organizationId, token, claimedAt, now: this.ctx.clock.now() }, { participants: results, sends: sendUpdates, messages: messageUpdates, removedSends, removedMessages });
  }

  /**
   * Settles 'sending' rows the participant has moved past: the channel has it → sent; the channel never got it → both
   * rows go (nothing was sent, and nothing will be); the channel cannot tell, or cannot answer → unknown. None of them is sent again.
   */
  private async settleOrphans(
    rt: RuntimeCampaign,
    orphans: ExistingSend[],
    out: { sendUpdates: RowResult[]; messageUpdates: RowResult[]; removedSends: string[]; removedMessages: string[] },
  ): Promise<void> {
    await mapLimit(orphans, 8, async (existing) => {
      let found: { externalId: string; sentAt: Date } | null | undefined;
      try {
        found = rt.adapter.findSent ? await rt.adapter.findSent(rt.account, existing.message_id, adapterContext(this.ctx)) : undefined;
      } catch {
        found = undefined;
      }
      if (found) {
        out.sendUpdates.push({ id: existing.id, status: 'sent', external_id: found.externalId, sent_at: found.sentAt, error: null });
        out.messageUpdates.push({ id: existing.message_id, status: 'sent', external_id: found.externalId, sent_at: found.sentAt, error: null });
      } else if (found === null) {
        out.removedSends.push(existing.id);
        out.removedMessages.push(existing.message_id);
      } else {
        const error = 'send was interrupted and the channel cannot tell whether it went out';
        out.sendUpdates.push({ id: existing.id, status: 'unknown', external_id: null, sent_at: null, error });
        out.messageUpdates.push({ id: existing.message_id, status: 'unknown', external_id: null, sent_at: null, error });
      }
    });
  }

  private policyFor(rt: RuntimeCampaign, p: ClaimedParticipant, contact: ContactFacts, stages: Map<string, string>, now: Date): SequencePolicy {
    const zone = zoneFor(rt.schedule, (contact.custom_fields as { timezone?: string } | null)?.timezone, rt.orgZone);
    const facts: ConditionFacts = {
      contact: {
        first_name: contact.first_name,
        last_name: contact.last_name,
        email: contact.email,
        phone: contact.phone_e164,
        telegram_id: contact.telegram_id,
        company_name: contact.company_name ?? null,
      } satisfies Record<ContactRuleField, string | null>,
      stageIn: (pipelineId) => stages.get(`${contact.id}:${pipelineId}`) ?? null,
      // The walk applies stopIfReplied itself (to delay steps).
      hasRepliedSinceLastSend: false,
    };
    return {
      now,
      steps: rt.steps,
      stopOnReply: rt.stopOnReply,
      replyWindowMs: rt.replyWindowMs,
      align: (at) => alignToWindow(at, rt.schedule, zone),
      isOpen: (at) => isWithinWindow(at, rt.schedule, zone),
      conditionsMet: (step) => {
        if (!evaluateConditions(step.conditions, facts).met) return false;
        const variant = this.variantFor(rt, step, p.id);
        return !variant?.conditions || evaluateConditions(variant.conditions, facts).met;
      },
    };
  }

  /** The A/B variant of a step for a participant: a weighted pick, always the same for the same participant. */
  private variantFor(rt: RuntimeCampaign, step: SequenceStep, participantId: string): VariantRuntime | undefined {
    const list = rt.variants.get(step.id) ?? [];
    if (list.length <= 1) return list[0];
    return pickWeighted(list, seededRandom(`variant:${participantId}:${step.id}`));
  }

  private renderContext(rt: RuntimeCampaign, contact: ContactFacts, personalize: string): RenderContext {
    return {
      ...contactVariables(contact),
      business: rt.business,
      campaign: { name: rt.campaign.name },
      sender: { name: rt.account.name },
      ai: { personalize },
    };
  }

  /** `{{ai.personalize}}`: the model's opener for this contact, or the offline one when the model cannot answer. */
  private async personalize(rt: RuntimeCampaign, resolved: ResolvedProvider | null, p: ClaimedParticipant, contact: ContactFacts): Promise<string> {
    const organizationId = rt.campaign.organization_id;
    const dialog = p.conversation_id ? await loadDialog(this.ctx.db, organizationId, p.conversation_id, 6).catch(() => []) : [];
    const input: PersonalizeInput = {
      language: contact.language === 'ru' || contact.language === 'en' ? contact.language : guessLanguage(contact.display_name, rt.campaign.name, ...dialog.map((d) => d.text)),
      contact: { firstName: contact.first_name, lastName: contact.last_name, company: contact.company_name ?? null, tags: contact.tags },
      conversation: dialog.map((d) => ({ from: d.direction === 'inbound' ? ('contact' as const) : ('us' as const), text: d.text.slice(0, 500) })),
      campaignName: rt.campaign.name,
    };
    if (!resolved) return offlineOpener(input);
    try {
      const result = await resolved.provider.generateJson(buildPersonalizeRequest(input));
      if (resolved.mode === 'llm') await recordAiCall(this.ctx.db, organizationId, result, PERSONALIZE_TASK);
      return result.value.opener.trim();
    } catch (error) {
      this.ctx.logger.warn({ err: error, campaignId: rt.campaign.id }, 'ai.personalize failed; using the offline opener');
      return offlineOpener(input);
    }
  }

  private async deliver(rt: RuntimeCampaign, pending: PendingSend[], claimed: ClaimedParticipant[]): Promise<Delivery[]> {
    const send = async (item: PendingSend): Promise<Delivery> => {
      try {
        const sent = await rt.adapter.send(rt.account, { clientRef: item.messageId, externalChatId: item.chatId, text: item.body }, adapterContext(this.ctx));
        return { kind: 'sent', externalId: sent.externalId, sentAt: sent.sentAt };
      } catch (error) {
        return error instanceof ChannelError ? { kind: 'refused', error } : { kind: 'unknown', error };
      }
    };
    const slotStart = claimed[0]?.slot_start ?? null;
    if (!rt.isLimited || rt.intervalMs <= 0 || !slotStart) {
      if (!rt.adapter.sendBatch || pending.length === 0) return mapLimit(pending, this.config.sendConcurrency, send);
      try {
        const results = await rt.adapter.sendBatch(
          rt.account,
          pending.map((item) => ({ clientRef: item.messageId, externalChatId: item.chatId, text: item.body })),
          adapterContext(this.ctx),
        );
        return results.map((result): Delivery => {
          if (!(result instanceof Error)) return { kind: 'sent', externalId: result.externalId, sentAt: result.sentAt };
          return result instanceof ChannelError ? { kind: 'refused', error: result } : { kind: 'unknown', error: result };
        });
      } catch (error) {
        // The whole call failed: each message may or may not have gone out, so each is reconciled later.
        return pending.map((): Delivery => (error instanceof ChannelError ? { kind: 'refused', error } : { kind: 'unknown', error }));
      }
    }
    // One send per slot, in slot order; each slot belongs to this batch alone (reserved in the claim). Two sends are
    // never closer than the interval: a send held up (a slow call, a busy process) pushes the next one back, and once
    // that would be more than half an interval past its slot, the rest of the batch gives its slots up.
    const out: Delivery[] = [];
    let previous = Number.NEGATIVE_INFINITY;
    for (const [index, item] of pending.entries()) {
      const slot = slotStart.getTime() + index * rt.intervalMs;
      const at = Math.max(slot, previous + rt.intervalMs);
      if (at > slot + rt.intervalMs / 2) {
        out.push({ kind: 'deferred' });
        continue;
      }
      const wait = at - this.ctx.clock.now().getTime();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      previous = Math.max(at, this.ctx.clock.now().getTime());
      out.push(await send(item));
    }
    return out;
  }
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Maps with at most `limit` calls in flight, keeping the order of the results. */
async function mapLimit<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]!);
      }
    }),
  );
  return results;
}

export function campaignSenderTask(ctx: AppContext, config: SenderConfig): PeriodicTask & { sender: CampaignSender } {
  const sender = new CampaignSender(ctx, config);
  return { name: 'campaigns', everyMs: 250, run: () => sender.runPass(), sender };
}
