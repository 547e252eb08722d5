import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';

const PHRASES = [
  'Здравствуйте! Сколько стоит маникюр с покрытием?',
  'Есть окно завтра в 11:00 и в 15:30, вам удобно?',
  'Запишите меня на 15:30, пожалуйста',
  'Hi! Do you have any free slots on Saturday afternoon?',
  'Спасибо, до встречи! 🙏',
  'Можно перенести на четверг?\nИ ещё вопрос про цену',
];

/** Writes a two-author Android-style export (`dd/mm/yyyy, hh:mm - Name: text`), one message a minute. */
export async function writeSyntheticExport(path: string, messages: number): Promise<number> {
  const out = createWriteStream(path);
  const start = Date.UTC(2021, 0, 1, 8, 0);
  let chunk = '';
  for (let i = 0; i < messages; i++) {
    const d = new Date(start + i * 60_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const author = i % 3 === 0 ? 'Salon Ak Jol' : 'Айгуль Токтогулова';
    chunk += `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} - ${author}: ${PHRASES[i % PHRASES.length]} #${i}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return statSync(path).size;
}
