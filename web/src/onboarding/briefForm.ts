import type { BusinessBrief } from '../analysis-types.ts';

export const MAX_QUESTIONS = 10;
export const MAX_SIGNALS = 20;

/** Field paths of the brief as the API names them in 400 answers (`body.brief.business.name` → `brief.business.name`). */
export const BRIEF_FIELDS = [
  'brief.business.name',
  'brief.business.offer',
  'brief.business.niche',
  'brief.business.description',
  'brief.funnel.stages',
  'brief.funnel.qualificationQuestions',
  'brief.funnel.qualifiedWhen',
  'brief.signals.hot',
  'brief.signals.cold',
  'brief.signals.toneOfVoice',
  'brief.signals.notes',
] as const;

export type BriefErrors = Partial<Record<(typeof BRIEF_FIELDS)[number], string>>;

export const EMPTY_BRIEF: BusinessBrief = {
  business: { name: '', offer: '', niche: '', description: '' },
  funnel: { stages: [], qualificationQuestions: [], qualifiedWhen: '' },
  signals: { hot: [], cold: [], toneOfVoice: '', notes: '' },
};

/**
 * The brief to edit: what the API holds, with a stage-meaning row for every stage of the pipeline in pipeline
 * order (the brief's own rows for stages the pipeline no longer has stay at the end, so nothing is lost).
 */
export function draftFromBrief(brief: BusinessBrief | undefined, stageKeys: readonly string[]): BusinessBrief {
  const source = brief ?? EMPTY_BRIEF;
  const meanings = new Map(source.funnel.stages.map((s) => [s.key, s.meaning]));
  const stages = [
    ...stageKeys.map((key) => ({ key, meaning: meanings.get(key) ?? '' })),
    ...source.funnel.stages.filter((s) => !stageKeys.includes(s.key)),
  ];
  return {
    business: { ...EMPTY_BRIEF.business, ...source.business },
    funnel: { ...source.funnel, stages, qualificationQuestions: [...source.funnel.qualificationQuestions] },
    signals: { ...source.signals, hot: [...source.signals.hot], cold: [...source.signals.cold] },
  };
}

/** What is sent: text trimmed, empty list entries dropped (the API wants every entry non-empty). */
export function briefForSave(draft: BusinessBrief): BusinessBrief {
  const list = (items: string[], max: number) => items.map((s) => s.trim()).filter(Boolean).slice(0, max);
  return {
    business: {
      name: draft.business.name.trim(),
      offer: draft.business.offer.trim(),
      niche: draft.business.niche.trim(),
      description: draft.business.description.trim(),
    },
    funnel: {
      stages: draft.funnel.stages.map((s) => ({ key: s.key, meaning: s.meaning.trim() })),
      qualificationQuestions: list(draft.funnel.qualificationQuestions, MAX_QUESTIONS),
      qualifiedWhen: draft.funnel.qualifiedWhen.trim(),
    },
    signals: {
      hot: list(draft.signals.hot, MAX_SIGNALS),
      cold: list(draft.signals.cold, MAX_SIGNALS),
      toneOfVoice: draft.signals.toneOfVoice.trim(),
      notes: draft.signals.notes.trim(),
    },
  };
}
