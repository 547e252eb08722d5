import type { Db } from '../../platform/db/client.ts';
import { createCampaign } from '../campaigns/index.ts';
import { ZCreateCampaign } from '../campaigns/campaigns.schemas.ts';

/**
 * A draft outreach ready to start: the salon's VIP clients, two steps in Russian with a spintax greeting and a
 * reply-triggered answer, working hours in Bishkek. Opening it shows the 4-step builder filled in.
 */
export async function seedDemoCampaign(db: Db, organizationId: string, ownerId: string, accountId: string): Promise<string> {
  const input = ZCreateCampaign.parse({
    name: 'Зимнее предложение для VIP-клиентов',
    channelAccountId: accountId,
    schedule: { timezone: 'Asia/Bishkek', workingHours: { start: '10:00', end: '19:00' }, daysOfWeek: [1, 2, 3, 4, 5, 6] },
    targetAudience: { source: 'crm', filters: { tags: ['vip'] } },
    leadCreationSettings: { trigger: 'on_reply' },
    steps: [
      {
        content:
          '{Здравствуйте|Добрый день}, {{ contact.first_name | default: "" }}! Для наших постоянных гостей в декабре — уход для волос в подарок к любой процедуре. Записать вас на удобное время?',
      },
      { content: '{{ contact.first_name | default: "Напоминаем" }}, подарок действует до 31 декабря. Подобрать время на этой неделе?', delayHours: 72 },
      { content: 'Спасибо за ответ! Мастер свяжется с вами в течение часа, чтобы подобрать время.', trigger: 'after_reply', delayMinutes: 2 },
    ],
  });
  const campaign = await createCampaign(db, organizationId, ownerId, input);
  return campaign.id;
}
