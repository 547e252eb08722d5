import { describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINES } from '../../pipelines/index.ts';
import { buildStageRequest, classifyStageOffline, type StageOption, type StageQuestion } from './stage-classification.ts';

const sales: StageOption[] = DEFAULT_PIPELINES[1].stages.map((s) => ({ key: s.key, name: s.name, kind: s.kind, description: s.description }));
const consultation: StageOption[] = DEFAULT_PIPELINES[0].stages.map((s) => ({ key: s.key, name: s.name, kind: s.kind, description: s.description }));

const c = (text: string) => ({ from: 'client' as const, text });
const b = (text: string) => ({ from: 'business' as const, text });

/** One dialog per seed 004 status (NEW_LEAD … CLOSED). */
export const SEED_004_DIALOGS: Record<string, StageQuestion['dialog']> = {
  new_lead: [c('Здравствуйте')],
  qualified: [c('Добрый день, нам нужна CRM для салона на 5 мастеров'), b('Здравствуйте! Расскажу')],
  warmed: [c('Здравствуйте, сколько стоит подключение?'), b('Зависит от тарифа'), c('А какие сроки запуска?')],
  proposal_sent: [c('Хочу подключить магазин'), b('Отправляю коммерческое предложение: 45 000 сом за год')],
  negotiation: [b('Стоимость составит 45 000 сом'), c('Дорого, а скидка есть?')],
  sold: [b('Счёт на 45 000 сом'), c('Оплатил, проверьте пожалуйста')],
  service: [c('Оплатил вчера'), b('Спасибо за оплату!'), c('Не работает вход, как настроить?')],
  closed: [c('Сколько стоит?'), b('45 000 сом'), c('Спасибо, не интересно')],
};

describe('offline stage classification into a chosen pipeline', () => {
  it.each(Object.entries(SEED_004_DIALOGS))('seed 004 sales pipeline: %s', (expected, dialog) => {
    expect(classifyStageOffline({ stages: sales, dialog }).stageKey).toBe(expected);
  });

  it('English dialogs too', () => {
    expect(classifyStageOffline({ stages: sales, dialog: [b('Here is our quote: $1,200'), c('Too expensive, any discount?')] }).stageKey).toBe('negotiation');
    expect(classifyStageOffline({ stages: sales, dialog: [c('Payment sent!')] }).stageKey).toBe('sold');
    expect(classifyStageOffline({ stages: sales, dialog: [c('No thanks, not interested')] }).stageKey).toBe('closed');
  });

  it('a later message outranks an earlier refusal', () => {
    expect(classifyStageOffline({ stages: sales, dialog: [c('Не интересно'), c('Хотя, сколько стоит? И какие сроки?')] }).stageKey).toBe('warmed');
  });

  it('maps onto the consultation funnel when that is the pipeline', () => {
    expect(classifyStageOffline({ stages: consultation, dialog: SEED_004_DIALOGS.sold! }).stageKey).toBe('deal_closed');
    expect(classifyStageOffline({ stages: consultation, dialog: SEED_004_DIALOGS.warmed! }).stageKey).toBe('qualified');
    expect(classifyStageOffline({ stages: consultation, dialog: [c('Запишите меня на завтра')] }).stageKey).toBe('consultation_booked');
  });

  it('a pipeline of its own words: matched by the stage descriptions', () => {
    const stages: StageOption[] = [
      { key: 'inbox', name: 'Inbox', kind: 'open', description: null },
      { key: 'tasting', name: 'Tasting', kind: 'open', description: 'The client asked for a tasting of the wedding cake samples' },
    ];
    expect(classifyStageOffline({ stages, dialog: [c('Hello')] }).stageKey).toBe('inbox');
    expect(classifyStageOffline({ stages, dialog: [c('Can we arrange a tasting of your wedding cakes?')] }).stageKey).toBe('tasting');
  });

  it('the model is offered only the pipeline’s keys, with their descriptions', () => {
    const request = buildStageRequest({ stages: sales, dialog: [c('hi')] });
    expect(request.user).toContain('We sent an offer');
    expect(request.schema.safeParse({ stageKey: 'sold', reason: 'paid' }).success).toBe(true);
    expect(request.schema.safeParse({ stageKey: 'deal_closed', reason: 'x' }).success).toBe(false);
  });
});
