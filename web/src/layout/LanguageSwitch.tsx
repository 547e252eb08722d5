import { useI18n, type Lang } from '../i18n.tsx';

const languages: { lang: Lang; label: string; title: string }[] = [
  { lang: 'ru', label: 'RU', title: 'Русский' },
  { lang: 'en', label: 'EN', title: 'English' },
];

/** RU / EN toggle; the choice is remembered in localStorage. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="segmented" role="group" aria-label={t('header.language')}>
      {languages.map((item) => (
        <button
          key={item.lang}
          type="button"
          title={item.title}
          className={item.lang === lang ? 'segmented-item active' : 'segmented-item'}
          aria-pressed={item.lang === lang}
          onClick={() => setLang(item.lang)}
          data-testid={`lang-${item.lang}`}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
