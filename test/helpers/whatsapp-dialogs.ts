import JSZip from 'jszip';

/** A WhatsApp Android (Russian locale) export of one dialog; `me` writes the lines marked 'b'. */
export function whatsappExport(me: string, client: string, lines: Array<['c' | 'b', string]>, start = new Date(Date.UTC(2025, 11, 1, 9, 0))): string {
  return lines
    .map(([who, text], i) => {
      const at = new Date(start.getTime() + i * 7 * 60_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      const stamp = `${pad(at.getUTCDate())}.${pad(at.getUTCMonth() + 1)}.${at.getUTCFullYear()}, ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
      return `${stamp} - ${who === 'b' ? me : client}: ${text}`;
    })
    .join('\n');
}

/** Seed 004's eight statuses, one dialog each, as the client would write them (Russian, as the seed's business). */
export const SEED_004_CHATS: Array<{ client: string; status: string; lines: Array<['c' | 'b', string]> }> = [
  { client: 'Айбек', status: 'new_lead', lines: [['c', 'Здравствуйте']] },
  { client: 'Гульнара', status: 'qualified', lines: [['c', 'Добрый день, нам нужна CRM для салона на 5 мастеров'], ['b', 'Здравствуйте! Расскажу']] },
  { client: 'Нурлан', status: 'warmed', lines: [['c', 'Здравствуйте, сколько стоит подключение?'], ['b', 'Зависит от тарифа'], ['c', 'А какие сроки запуска?']] },
  { client: 'Асель', status: 'proposal_sent', lines: [['c', 'Хочу подключить магазин'], ['b', 'Отправляю коммерческое предложение: 45 000 сом за год']] },
  { client: 'Бакыт', status: 'negotiation', lines: [['b', 'Стоимость составит 45 000 сом'], ['c', 'Дорого, а скидка есть?']] },
  { client: 'Жылдыз', status: 'sold', lines: [['b', 'Счёт на 45 000 сом'], ['c', 'Оплатил, проверьте пожалуйста']] },
  { client: 'Эрмек', status: 'service', lines: [['c', 'Оплатил вчера'], ['b', 'Спасибо за оплату!'], ['c', 'Не работает вход, как настроить?']] },
  { client: 'Динара', status: 'closed', lines: [['c', 'Сколько стоит?'], ['b', '45 000 сом'], ['c', 'Спасибо, не интересно']] },
];

/** Several export files packed the way the web form uploads them: one stored .zip. */
export async function bundleOf(files: Array<{ name: string; text: string }>): Promise<Buffer> {
  const zip = new JSZip();
  for (const file of files) zip.file(file.name, file.text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

export function seed004Files(me: string) {
  return SEED_004_CHATS.map((chat) => ({ name: `WhatsApp Chat with ${chat.client}.txt`, text: whatsappExport(me, chat.client, chat.lines) }));
}
