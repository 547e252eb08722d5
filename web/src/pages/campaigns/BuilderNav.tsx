import { useT } from '../../i18n.tsx';

export const BUILDER_STEPS = ['audience', 'sender', 'sequence', 'review'] as const;
export type BuilderStep = (typeof BUILDER_STEPS)[number];

/** The builder's four steps (seed 002 §0); any step can be opened directly. */
export function BuilderNav({ current, onOpen }: { current: BuilderStep; onOpen(step: BuilderStep): void }) {
  const t = useT();
  return (
    <ol className="builder-nav" aria-label={t('campaigns.builder.steps')}>
      {BUILDER_STEPS.map((step, index) => (
        <li key={step}>
          <button
            type="button"
            className={step === current ? 'builder-nav-item active' : 'builder-nav-item'}
            aria-current={step === current ? 'step' : undefined}
            onClick={() => onOpen(step)}
            data-testid={`builder-tab-${step}`}
          >
            <span className="builder-nav-number">{index + 1}</span>
            <span>{t(`campaigns.builder.${step}`)}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
