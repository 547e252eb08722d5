import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT, type MessageKey } from '../../i18n.tsx';

interface Business {
  name: string | null;
  phone: string | null;
  address: string | null;
}

interface Group {
  label: MessageKey;
  items: Array<{ code: string; label: MessageKey }>;
}

/**
 * The variables a message may use, grouped so that the contact's company is never mistaken for your own business.
 * A click inserts the variable where the cursor is in the message being edited (or copies it).
 */
export function TemplateVariables() {
  const t = useT();
  const business = useQuery({ queryKey: ['campaigns', 'business'], queryFn: () => api.get<Business>('/api/campaigns/business'), staleTime: 60_000 });
  const [copied, setCopied] = useState<string | null>(null);
  const groups: Group[] = [
    {
      label: 'campaigns.vars.contact',
      items: [
        { code: '{{ contact.first_name }}', label: 'campaigns.vars.firstName' },
        { code: '{{ contact.name }}', label: 'campaigns.vars.fullName' },
      ],
    },
    {
      label: 'campaigns.vars.business',
      items: [
        { code: '{{ business.name }}', label: 'campaigns.vars.businessName' },
        ...(business.data?.phone ? [{ code: '{{ business.phone }}', label: 'campaigns.vars.businessPhone' as MessageKey }] : []),
        ...(business.data?.address ? [{ code: '{{ business.address }}', label: 'campaigns.vars.businessAddress' as MessageKey }] : []),
      ],
    },
    { label: 'campaigns.vars.contactCompany', items: [{ code: '{{ company.name }}', label: 'campaigns.vars.companyName' }] },
    { label: 'campaigns.vars.other', items: [{ code: '{{ ai.personalize }}', label: 'campaigns.vars.ai' }, { code: '{Hi|Hello}', label: 'campaigns.vars.spintax' }] },
  ];

  const insert = (code: string) => {
    const target = document.activeElement;
    if (target instanceof HTMLTextAreaElement && !target.disabled) {
      // Typed in as if by hand, so the editor's onChange sees it.
      target.setRangeText(code, target.selectionStart, target.selectionEnd, 'end');
      target.dispatchEvent(new Event('input', { bubbles: true }));
      return;
    }
    void navigator.clipboard?.writeText(code).catch(() => undefined);
    setCopied(code);
  };

  return (
    <div className="template-vars" data-testid="template-variables">
      {groups.map((group) => (
        <div key={group.label} className="template-vars-group">
          <span className="muted small">{t(group.label)}</span>
          {group.items.map((item) => (
            <button
              key={item.code}
              type="button"
              className="chip template-var"
              title={item.code}
              // Keeps the focus (and the cursor) in the message being edited.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => insert(item.code)}
              data-testid="template-variable"
              data-code={item.code}
            >
              {t(item.label)}
              {item.label === 'campaigns.vars.businessName' && business.data?.name ? ` · ${business.data.name}` : ''}
            </button>
          ))}
        </div>
      ))}
      {copied && <span className="muted small">{t('campaigns.vars.copied', { code: copied })}</span>}
    </div>
  );
}
