/**
 * Parse-only run in a process of its own, so peak RSS is the parser's: `parse-worker.ts <parley|peer> <file>`.
 * `peer` is whatsapp-chat-parser (reads the whole export into one string — it has no streaming API).
 * Prints one JSON line: { messages, seconds, cpuSeconds, peakMiB } — CPU time too, as the machine may be shared.
 */
import { readFileSync } from 'node:fs';
import { parseString } from 'whatsapp-chat-parser';
import { streamWhatsAppExport } from '../../src/modules/imports/whatsapp/index.ts';

const [which, file] = process.argv.slice(2);
const started = performance.now();
const cpuBefore = process.cpuUsage(); // the parse only, not loading the modules
let messages = 0;
if (which === 'peer') {
  messages = parseString(readFileSync(file!, 'utf8')).length;
} else {
  const stream = await streamWhatsAppExport(file!, { timeZone: 'Asia/Bishkek' });
  for await (const batch of stream.batches()) messages += batch.length;
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ messages, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMiB: Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20) }));
