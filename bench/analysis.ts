/**
 * Dialog analysis benchmark:
 * 1. the offline analyser on BENCH_ANALYSIS_DIALOGS (default 10,000) generated 30-message dialogs, Russian and
 *    English mixed, on one core (the analyser is synchronous, so this process' main thread is the only one used);
 * 2. the OpenAI-compatible provider against the local fake server with injected latency, at several concurrency
 *    limits, to show the wall time follows N / concurrency × latency.
 */
import { pathToFileURL } from 'node:url';
import { startFakeOpenAi } from '../test/fakes/openai-server.ts';
import { OpenAiCompatibleProvider } from '../src/modules/ai/openai-compatible.provider.ts';
import type { DialogMessage } from '../src/modules/analysis/engine/analysis-schema.ts';
import { buildAnalysisRequest } from '../src/modules/analysis/engine/analysis-request.ts';
import { DEFAULT_BUSINESS_BRIEF } from '../src/modules/analysis/engine/default-profile.ts';
import { analyseDialogOffline } from '../src/modules/analysis/engine/offline-analyser.ts';
import { renderAnalysisPromptTemplate } from '../src/modules/analysis/engine/prompt-template.ts';
import { refineOfflineAnalysis } from '../src/modules/analysis/engine/dialog-model.ts';
import { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, scoreAnalysis } from '../src/modules/analysis/engine/scoring.ts';
import { shippedDialogModel } from '../src/modules/analysis/dialog-model.store.ts';
import { percentile } from './stats.ts';

const RU_CLIENT = [
  'Здравствуйте! Сколько стоит ваша услуга?',
  'У меня своя стоматологическая клиника в Бишкеке',
  'Я владелец, решения принимаю сам',
  'Бюджет около 150 тысяч сом в месяц',
  'Сейчас заявки идут из инстаграма и по сарафану, но их мало',
  'А какие гарантии? Уже обжигались с агентством',
  'Давайте в четверг в 15',
  'Дорого, надо подумать',
  'ок 👍',
  'Хочу записаться на разбор',
  'Извините, не смогу в четверг, давайте перенесём',
  'Спасибо за консультацию, обсудим с партнёром',
  'Пришлите договор и счёт',
  'Нет, спасибо, уже не актуально',
  'У нас онлайн-школа, запускаем курс в марте',
  'я таргетолог, интересует сотрудничество',
];
const RU_BUSINESS = [
  'Здравствуйте! Расскажите, какая у вас ниша?',
  'Вы владелец или отвечаете за маркетинг?',
  'Какой бюджет на рекламу в месяц?',
  'Ведение от 40 000 сом в месяц плюс рекламный бюджет.',
  'Удобно в четверг в 15:00 или в пятницу в 11:00?',
  'Записал вас на четверг, 15:00.',
  'Отправляю кейс клиники, посмотрите.',
  'Понимаю. Фиксируем KPI в договоре.',
];
const EN_CLIENT = [
  'Hi, how much do you charge?',
  'I own a dental clinic in Dubai',
  'Our budget is around $3k a month',
  'Mostly referrals and Google Maps, but it has slowed down',
  'Any guarantees? Got burnt by an agency before',
  'Tuesday 3pm works',
  'That is too expensive for us, let me think',
  'ok 👍',
  'Can I book a free strategy call?',
  'So sorry, something came up, I have to cancel',
  'Thanks for the call yesterday, need to run it by my partner',
  'Please send over the contract and the invoice',
  'Not interested, please remove me',
  'I run an online course for photographers',
  "I'm a social media manager for a cafe",
];
const EN_BUSINESS = [
  'Hi! What kind of business do you run?',
  'Are you the owner or the marketing lead?',
  'What is your monthly ad budget?',
  'Plans start at $900/month plus ad spend.',
  'Tuesday 3pm or Wednesday 10am?',
  'Booked you in for Tuesday at 3pm.',
  'Sending you a case study from a similar clinic.',
  'We put a cost-per-lead KPI in the contract.',
];

/** A small deterministic PRNG (mulberry32), so every run analyses the same dialogs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateDialogs(count: number, length = 30, seed = 42): DialogMessage[][] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const start = Date.UTC(2025, 0, 1);
  const dialogs: DialogMessage[][] = [];
  for (let d = 0; d < count; d++) {
    const russian = d % 2 === 0;
    const messages: DialogMessage[] = [];
    let at = start + d * 3_600_000;
    for (let m = 0; m < length; m++) {
      const from = m === 0 || next() < 0.55 ? 'client' : 'business';
      const pool = from === 'client' ? (russian ? RU_CLIENT : EN_CLIENT) : russian ? RU_BUSINESS : EN_BUSINESS;
      at += Math.floor(next() * 600_000);
      messages.push({ from, text: pick(pool), at: new Date(at).toISOString() });
    }
    dialogs.push(messages);
  }
  return dialogs;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function offlineThroughput(): Promise<void> {
  const count = Number(process.env.BENCH_ANALYSIS_DIALOGS ?? 10_000);
  const dialogs = generateDialogs(count);
  const brief = DEFAULT_BUSINESS_BRIEF;
  for (let i = 0; i < Math.min(500, count); i++) analyseDialogOffline(dialogs[i]!, brief);
  const rssBefore = process.memoryUsage().rss;
  const latenciesUs = new Array<number>(count);
  const stages = new Map<string, number>();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const result = analyseDialogOffline(dialogs[i]!, brief);
    latenciesUs[i] = (performance.now() - t0) * 1000;
    stages.set(result.funnelStage, (stages.get(result.funnelStage) ?? 0) + 1);
  }
  const seconds = (performance.now() - started) / 1000;
  latenciesUs.sort((a, b) => a - b);
  const rss = process.memoryUsage().rss;
  console.log(`\n### Offline analyser — ${count.toLocaleString('en')} generated dialogs × 30 messages (ru/en mixed), one core\n`);
  console.log('| dialogs/s | messages/s | p50 µs/dialog | p95 µs/dialog | p99 µs/dialog | RSS | RSS growth during run |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| ${Math.round(count / seconds).toLocaleString('en')} | ${Math.round((count * 30) / seconds).toLocaleString('en')} | ${percentile(latenciesUs, 50).toFixed(0)} | ${percentile(latenciesUs, 95).toFixed(0)} | ${percentile(latenciesUs, 99).toFixed(0)} | ${mb(rss)} | ${mb(Math.max(0, rss - rssBefore))} |`,
  );
  console.log(`\nstages found: ${[...stages].map(([stage, n]) => `${stage} ${n}`).join(', ')}`);
}

/** What production runs without a key: the rules, then the trained model over words + the rules' verdicts, then scoring. */
async function offlineWithModel(): Promise<void> {
  const count = Number(process.env.BENCH_ANALYSIS_DIALOGS ?? 10_000);
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStarted = performance.now();
  const model = shippedDialogModel();
  const loadMs = performance.now() - loadStarted;
  if (!model) throw new Error('no shipped dialog model (run parley train)');
  const modelHeap = process.memoryUsage().heapUsed - heapBefore;
  const dialogs = generateDialogs(count, 30, 43);
  const brief = DEFAULT_BUSINESS_BRIEF;
  const analyse = (messages: DialogMessage[]) => {
    const rules = analyseDialogOffline(messages, brief);
    const refined = refineOfflineAnalysis(model, messages, rules, brief, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES);
    return scoreAnalysis(refined.analysis, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, refined.interest);
  };
  for (let i = 0; i < Math.min(500, count); i++) analyse(dialogs[i]!);
  const rssBefore = process.memoryUsage().rss;
  const latenciesUs = new Array<number>(count);
  const levels = { hot: 0, warm: 0, cold: 0 };
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    levels[analyse(dialogs[i]!).interestLevel]++;
    latenciesUs[i] = (performance.now() - t0) * 1000;
  }
  const seconds = (performance.now() - started) / 1000;
  latenciesUs.sort((a, b) => a - b);
  const rss = process.memoryUsage().rss;
  console.log(`\n### Offline rules + trained model v${model.version} — ${count.toLocaleString('en')} generated dialogs × 30 messages, one core\n`);
  console.log('| dialogs/s | p50 µs/dialog | p95 µs/dialog | p99 µs/dialog | model load | model heap | RSS | RSS growth during run |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| ${Math.round(count / seconds).toLocaleString('en')} | ${percentile(latenciesUs, 50).toFixed(0)} | ${percentile(latenciesUs, 95).toFixed(0)} | ${percentile(latenciesUs, 99).toFixed(0)} | ${loadMs.toFixed(0)} ms | ${mb(Math.max(0, modelHeap))} | ${mb(rss)} | ${mb(Math.max(0, rss - rssBefore))} |`,
  );
  console.log(`\ninterest found: hot ${levels.hot}, warm ${levels.warm}, cold ${levels.cold}`);
}

async function providerWithLatency(): Promise<void> {
  const dialogs = generateDialogs(Number(process.env.BENCH_ANALYSIS_LLM_DIALOGS ?? 200), 30, 7);
  const latencyMs = Number(process.env.BENCH_ANALYSIS_LATENCY_MS ?? 50);
  const brief = DEFAULT_BUSINESS_BRIEF;
  const prompt = renderAnalysisPromptTemplate(brief);
  // A valid answer, so the run measures transport and scheduling, not the fake's own work.
  const answer = JSON.stringify(analyseDialogOffline(dialogs[0]!, brief));
  console.log(`\n### LLM provider with injected latency — ${dialogs.length} dialogs, ${latencyMs} ms per call, fake OpenAI-compatible server\n`);
  console.log('| concurrency | wall time | N / concurrency × latency | overhead | max in flight | calls/s |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const concurrency of [1, 4, 8]) {
    const fake = await startFakeOpenAi({ respond: () => ({ content: answer, delayMs: latencyMs }) });
    try {
      const provider = new OpenAiCompatibleProvider({ baseURL: fake.baseURL, apiKey: 'bench', model: 'fake-model', concurrency, maxRetries: 0 });
      const started = performance.now();
      await Promise.all(dialogs.map((messages) => provider.generateJson(buildAnalysisRequest(messages, brief, prompt))));
      const wallMs = performance.now() - started;
      const idealMs = (dialogs.length / concurrency) * latencyMs;
      console.log(
        `| ${concurrency} | ${(wallMs / 1000).toFixed(2)} s | ${(idealMs / 1000).toFixed(2)} s | ${(((wallMs - idealMs) / idealMs) * 100).toFixed(1)}% | ${fake.maxInFlight} | ${(dialogs.length / (wallMs / 1000)).toFixed(1)} |`,
      );
    } finally {
      await fake.close();
    }
  }
}

export async function runAnalysisBench(): Promise<void> {
  await offlineThroughput();
  await offlineWithModel();
  await providerWithLatency();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runAnalysisBench();
