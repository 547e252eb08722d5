import { franc } from 'franc';

/** ISO 639-3 (what franc answers) → ISO 639-1 (what contacts store), for the languages we detect. */
const LANGUAGES: Record<string, string> = {
  eng: 'en',
  rus: 'ru',
  arb: 'ar',
  fra: 'fr',
  deu: 'de',
  spa: 'es',
  pol: 'pl',
  ukr: 'uk',
  kaz: 'kk',
  kir: 'ky',
  uzn: 'uz',
  tur: 'tr',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
  ces: 'cs',
  ind: 'id',
  jpn: 'ja',
  tha: 'th',
  cmn: 'zh',
};
const ONLY = Object.keys(LANGUAGES);
const MAX_SAMPLE = 4000;

/** Detects a contact's language from what they wrote; null when there is too little text to tell. */
export function detectLanguage(texts: Iterable<string>): string | null {
  let sample = '';
  for (const text of texts) {
    // Links, numbers and emoji say nothing about the language and skew short samples.
    const cleaned = text.replace(/https?:\/\/\S+/g, ' ').replace(/[\d\p{Extended_Pictographic}]+/gu, ' ').trim();
    if (!cleaned) continue;
    sample += `${cleaned}\n`;
    if (sample.length >= MAX_SAMPLE) break;
  }
  if (sample.replace(/\s/g, '').length < 12) return null;
  const code = franc(sample, { only: ONLY, minLength: 12 });
  return LANGUAGES[confirmCyrillic(code, sample)] ?? null;
}

/**
 * Trigram models confuse short Russian with its Cyrillic neighbours; each neighbour has letters Russian
 * lacks, so a guess without any of them falls back to Russian.
 */
const CYRILLIC_MARKERS: Record<string, RegExp> = {
  ukr: /[іїєґ]/i,
  kaz: /[әғқңөұүһі]/i,
  kir: /[ңөү]/i,
};

function confirmCyrillic(code: string, sample: string): string {
  const marker = CYRILLIC_MARKERS[code];
  return marker && !marker.test(sample) ? 'rus' : code;
}
