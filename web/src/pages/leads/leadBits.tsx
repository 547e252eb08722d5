import { useI18n, useT, type MessageKey } from '../../i18n.tsx';
import { en } from '../../locales/en.ts';
import type { Stage } from '../../types.ts';
import type { InterestLevel } from '../../analysis-types.ts';
import { useDefaultName } from './default-names.ts';

export function InterestBadge({ level }: { level: InterestLevel | null | undefined }) {
  const t = useT();
  if (!level) return null;
  return (
    <span className={`badge badge-${level}`} data-testid="interest-badge" data-level={level}>
      {t(`leads.interest.${level}`)}
    </span>
  );
}

export function ScoreBadge({ score, level }: { score: number | null | undefined; level?: InterestLevel | null }) {
  const t = useT();
  if (score === null || score === undefined) return <span className="muted">—</span>;
  return (
    <span className={level ? `score-badge score-${level}` : 'score-badge'} title={t('leads.score')} data-testid="lead-score">
      {score}
    </span>
  );
}

/** The label of a stage key: the pipeline's (possibly renamed) stage, else the default name, else the key. */
export function useStageLabel(stages: readonly Stage[]): (key: string | null | undefined) => string {
  const name = useDefaultName();
  const t = useT();
  return (key) => {
    if (!key) return '—';
    const stage = stages.find((s) => s.key === key);
    if (stage) return name('stage', stage.key, stage.name);
    return `stage.${key}` in en ? t(`stage.${key}` as MessageKey) : key;
  };
}

/** The label of a signal key the analyser reported; unknown keys are shown as they are. */
export function useSignalLabel(): (signal: string) => string {
  const t = useT();
  return (signal) => (`signal.${signal}` in en ? t(`signal.${signal}` as MessageKey) : signal.replace(/_/g, ' '));
}

/** "ru" → "Russian" / "русский" in the UI language. */
export function useLanguageName(): (code: string | null | undefined) => string {
  const { lang } = useI18n();
  return (code) => {
    if (!code) return '—';
    try {
      return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
}

export function firstLine(text: string | null | undefined): string {
  return (text ?? '').split('\n').find((line) => line.trim())?.trim() ?? '';
}

/** Niche and role keys ("medicine", "owner") as words; anything else the analyser wrote is shown as written. */
export function useFactLabel(): (kind: 'niche' | 'role', key: string | null | undefined) => string | null {
  const t = useT();
  return (kind, key) => {
    if (!key) return null;
    const messageKey = `${kind === 'role' ? 'leadRole' : kind}.${key}`;
    return messageKey in en ? t(messageKey as MessageKey) : key;
  };
}

/** Breakdown lines the scorer writes in its own words ("Stage: …", "Dialog model", "Set by hand") in the UI language. */
export function useBreakdownLabel(stageName: (key: string) => string): (label: string) => string {
  const t = useT();
  return (label) => {
    const stage = /^Stage: ([a-z0-9_]+)$/.exec(label)?.[1];
    if (stage) return `${t('leads.stage')}: ${stageName(stage)}`;
    if (label === 'Dialog model') return t('breakdown.model');
    if (label === 'Set by hand') return t('breakdown.manual');
    return label;
  };
}

/** Why the offline analyser answered instead of the AI, in words. */
export function useFallbackLabel(): (reason: string) => string {
  const t = useT();
  return (reason) => t('board.panel.fallbackReadable', { reason: `fallback.${reason}` in en ? t(`fallback.${reason}` as MessageKey) : reason });
}
