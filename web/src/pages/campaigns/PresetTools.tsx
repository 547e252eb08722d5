import { useT } from '../../i18n.tsx';
import { usePresets, useSavePreset } from './campaignQueries.ts';

interface Props {
  content: string;
  disabled: boolean;
  onInsert(content: string): void;
}

/** Start a message from an organization preset, or keep this one as a preset for later campaigns. */
export function PresetTools({ content, disabled, onInsert }: Props) {
  const t = useT();
  const presets = usePresets();
  const save = useSavePreset();
  const list = presets.data ?? [];
  return (
    <div className="preset-tools">
      {list.length > 0 && (
        <select
          value=""
          disabled={disabled}
          onChange={(e) => {
            const preset = list.find((p) => p.id === e.target.value);
            if (preset) onInsert(preset.content);
          }}
          aria-label={t('campaigns.preset.use')}
        >
          <option value="">{t('campaigns.preset.use')}</option>
          {list.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
      <button
        type="button"
        className="link-button"
        disabled={disabled || !content.trim() || save.isPending}
        onClick={() => save.mutate({ name: content.trim().split('\n')[0]!.slice(0, 60), content })}
      >
        {save.isSuccess ? t('campaigns.preset.saved') : t('campaigns.preset.save')}
      </button>
      {save.error ? <span className="field-error">{(save.error as Error).message}</span> : null}
    </div>
  );
}
