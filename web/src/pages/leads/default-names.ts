import { useI18n } from '../../i18n.tsx';
import { en, type MessageKey } from '../../locales/en.ts';

/**
 * Default pipelines and stages are created with English names; while a name is still the default, it is
 * shown in the UI language. A name the business changed is shown as they wrote it.
 */
export function useDefaultName(): (kind: 'stage' | 'pipeline', key: string, name: string) => string {
  const { t, lang } = useI18n();
  return (kind, key, name) => {
    const messageKey = `${kind}.${key}`;
    const english = (en as Record<string, string>)[messageKey];
    if (lang === 'en' || english !== name) return name;
    return t(messageKey as MessageKey);
  };
}
