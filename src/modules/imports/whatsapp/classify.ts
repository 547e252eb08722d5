/**
 * Localised phrase tables: media placeholders, attachments, locations and system messages.
 *
 * The phrases marked "fixture" are the ones seen in real exports under shared/fixtures; the others are
 * WhatsApp's strings for common locales added on a best-effort basis (they only widen what is recognised).
 */

import type { WhatsAppMedia, WhatsAppMediaType } from './types.ts';

// ---------------------------------------------------------------------------------------------------------------
// File names → media type

const EXT_TYPES: [RegExp, WhatsAppMediaType][] = [
  [/\.(?:opus)$/i, 'voice'],
  [/\.(?:webp|tgs)$/i, 'sticker'],
  [/\.(?:jpe?g|png|heic|heif|bmp|tiff?|gif)$/i, 'image'],
  [/\.(?:mp4|mov|3gp|m4v|mkv|avi|webm)$/i, 'video'],
  [/\.(?:mp3|m4a|aac|ogg|oga|wav|amr|flac|caf)$/i, 'audio'],
  [/\.(?:vcf)$/i, 'contact'],
  [/\.(?:pdf|docx?|xlsx?|pptx?|txt|csv|rtf|odt|ods|odp|zip|rar|7z|key|pages|numbers|apk|json|xml|html?|epub)$/i, 'document'],
];

/** WhatsApp's own file-name shapes: Android `IMG-20220327-WA0001.jpg`, iOS `00000012-PHOTO-2022-03-27-21-41-55.jpg`. */
const NAME_TYPES: [RegExp, WhatsAppMediaType][] = [
  [/^PTT-|-AUDIO-.*\.opus$/i, 'voice'],
  [/^STK-|-STICKER-/i, 'sticker'],
  [/-GIF-/i, 'video'],
  [/^IMG-|-PHOTO-/i, 'image'],
  [/^VID-|-VIDEO-/i, 'video'],
  [/^AUD-|-AUDIO-/i, 'audio'],
  [/^DOC-/i, 'document'],
];

export function mediaTypeFromFileName(fileName: string): WhatsAppMediaType {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  for (const [re, type] of NAME_TYPES) if (re.test(base)) return type;
  for (const [re, type] of EXT_TYPES) if (re.test(base)) return type;
  return 'other';
}

const FILE_NAME = /^[^\n<>:"|?*]{0,200}?\.[A-Za-z0-9]{1,8}$/;
const KNOWN_EXT = new RegExp(`(?:${EXT_TYPES.map(([re]) => re.source.replace(/\$$/, '')).join('|')})$`, 'i');

function looksLikeFileName(s: string): boolean {
  return FILE_NAME.test(s) && KNOWN_EXT.test(s);
}

// ---------------------------------------------------------------------------------------------------------------
// Android: "<Media omitted>" (localised)

const ANDROID_OMITTED = [
  'Media omitted', // en (fixture)
  'Без медиафайлов', // ru (fixture)
  'Media weggelaten', // nl (fixture)
  'Medien ausgeschlossen', // de
  'Multimedia omitido', // es
  'Archivo omitido', // es
  'Mídia oculta', // pt-BR
  'Arquivo de mídia oculto', // pt-BR
  'Multimédia omitido', // pt-PT
  'Médias omis', // fr
  'Media omessi', // it
  'Media tidak disertakan', // id
  'Medya dahil edilmedi', // tr
  'Pominięto multimedia', // pl
  'Média vynechána', // cs
  'Медіафайли пропущено', // uk
  'Медиафайлы пропущены',
  'メディアなし', // ja
  'ไม่ได้รวมสื่อ', // th
  'تم استبعاد الوسائط', // ar
  'الوسائط محذوفة', // ar
];
// (Searched for at the end of the line, never with a lazy `^(.*?)` prefix: that is quadratic on long lines.)
const ANDROID_OMITTED_RE = new RegExp(`<(?:${ANDROID_OMITTED.map(escapeRe).join('|')})>$`, 'i');
/** Other "<… media …>" placeholders in languages not listed above — only as the whole line. */
const ANDROID_OMITTED_GENERIC = /^<[^<>\n]{0,30}(?:media|mídia|médias|medien|multimedia|медиа|медіа)[^<>\n]{0,30}>$/i;

// Android: "FILE (file attached)" (localised)
const ANDROID_ATTACHED = [
  'file attached', // en (fixture)
  'bestand bijgevoegd', // nl (fixture)
  'файл добавлен', // ru (fixture)
  'Datei angehängt', // de
  'archivo adjunto', // es
  'arquivo anexado', // pt
  'fichier joint', // fr
  'file allegato', // it
  'file terlampir', // id
  'dosya ekli', // tr
  'załączony plik', // pl
  'připojený soubor', // cs
  'файл додано', // uk
  'ملف مرفق', // ar
];
const ANDROID_ATTACHED_RE = new RegExp(`^(.+?\\.[A-Za-z0-9]{1,8}) \\((?:${ANDROID_ATTACHED.map(escapeRe).join('|')})\\)$`, 'i');
/** Any other "(…)" after a WhatsApp-shaped file name, e.g. `IMG-20220327-WA0001.jpg (datoteka priložena)`. */
const ANDROID_ATTACHED_GENERIC = /^((?:IMG|VID|AUD|PTT|STK|DOC)-\d{8}-WA\d{4,}\.[A-Za-z0-9]{1,8}) \([^()\n]{2,40}\)$/;

// iOS: "<attached: 00000012-PHOTO-2022-03-27-21-41-55.jpg>" (any language: "<angehängt: …>", "<прикреплено: …>")
const IOS_ATTACHED_RE = /<[^<>:\n]{1,40}:\s?([^<>\n]+?\.[A-Za-z0-9]{1,8})>/;

// iOS: "image omitted" and friends (localised), the whole first line or after a document's file name.
const IOS_OMITTED: [string, WhatsAppMediaType][] = [
  // en (fixture)
  ['image omitted', 'image'], ['video omitted', 'video'], ['audio omitted', 'audio'], ['sticker omitted', 'sticker'],
  ['GIF omitted', 'video'], ['document omitted', 'document'], ['Contact card omitted', 'contact'],
  // cs (fixture)
  ['obrázek vynechán', 'image'], ['video vynecháno', 'video'], ['zvukový soubor vynechán', 'audio'], ['Vizitka vynechána', 'contact'],
  ['nálepka vynechána', 'sticker'], ['dokument vynechán', 'document'], ['GIF vynechán', 'video'],
  // fr (fixture)
  ['image absente', 'image'], ['vidéo absente', 'video'], ['audio omis', 'audio'], ['Fiche contact manquante', 'contact'],
  ['sticker omis', 'sticker'], ['document manquant', 'document'], ['GIF retiré', 'video'],
  // id (fixture)
  ['gambar tidak disertakan', 'image'], ['video tidak disertakan', 'video'], ['audio tidak disertakan', 'audio'],
  ['Kartu kontak tidak disertakan', 'contact'], ['stiker tidak disertakan', 'sticker'], ['dokumen tidak disertakan', 'document'],
  ['GIF tidak disertakan', 'video'],
  // it (fixture)
  ['immagine omessa', 'image'], ['video omesso', 'video'], ['audio omesso', 'audio'], ['Scheda contatto omessa', 'contact'],
  ['sticker non incluso', 'sticker'], ['documento omesso', 'document'], ['GIF esclusa', 'video'],
  // ja (fixture)
  ['画像は含まれていません', 'image'], ['ビデオは含まれていません', 'video'], ['音声は含まれていません', 'audio'],
  ['連絡先カードを省略', 'contact'], ['スタンプは含まれていません', 'sticker'], ['ドキュメントは含まれていません', 'document'],
  ['GIFは含まれていません', 'video'],
  // th (fixture)
  ['ไม่มีรูปภาพ', 'image'], ['วิดีโอถูกลบ', 'video'], ['ไม่มีไฟล์เสียง', 'audio'], ['บัตรรายชื่อที่ละเว้น', 'contact'],
  ['ไม่มีสติกเกอร์', 'sticker'], ['ละเว้นเอกสาร', 'document'], ['ละเว้น GIF', 'video'],
  // ar (fixture)
  ['لم يتم إدراج الصورة', 'image'], ['لم يتم إدراج الفيديوهات', 'video'], ['لم يتم إدراج المقاطع الصوتية', 'audio'],
  ['لم يتم إدراج بطاقة جهة اتصال', 'contact'], ['تم حذف الملصقات', 'sticker'], ['لم يتم إدراج المستند', 'document'],
  ['لم يتم إدراج صورة GIF', 'video'],
  // de, es, pt, ru (best effort)
  ['Bild weggelassen', 'image'], ['Video weggelassen', 'video'], ['Audio weggelassen', 'audio'], ['Sticker weggelassen', 'sticker'],
  ['Dokument weggelassen', 'document'], ['GIF weggelassen', 'video'], ['Kontaktkarte ausgelassen', 'contact'],
  ['imagen omitida', 'image'], ['video omitido', 'video'], ['audio omitido', 'audio'], ['sticker omitido', 'sticker'],
  ['documento omitido', 'document'], ['GIF omitido', 'video'], ['Tarjeta de contacto omitida', 'contact'],
  ['imagem ocultada', 'image'], ['vídeo omitido', 'video'], ['áudio ocultado', 'audio'], ['figurinha omitida', 'sticker'],
  ['изображение отсутствует', 'image'], ['видео отсутствует', 'video'], ['аудиофайл отсутствует', 'audio'],
  ['стикер отсутствует', 'sticker'], ['документ отсутствует', 'document'], ['GIF отсутствует', 'video'],
];
const IOS_OMITTED_RE = new RegExp(`(?:^|\\s)(${IOS_OMITTED.map(([p]) => escapeRe(p)).join('|')})$`, 'i');
const IOS_OMITTED_TYPE = new Map(IOS_OMITTED.map(([p, t]) => [p.toLowerCase(), t]));
const IOS_OMITTED_LAST_CHARS = new Set(IOS_OMITTED.map(([p]) => p.slice(-1).toLowerCase()));

// Locations: "location: https://maps.google.com/?q=…" (localised label), foursquare venues, live locations.
const MAPS_LOCATION = /^[^:\n]{1,40}:\s*https?:\/\/maps\.google\.com\/\?q=-?\d/i;
const VENUE_LOCATION = /^[^\n]{1,200}(?:\n[^\n]{1,200}){0,2}?(?::\s*|\n)https?:\/\/(?:[a-z]+\.)?foursquare\.com\/v\/\S+$/i;
const LIVE_LOCATION = /^(?:live location shared|Standort live geteilt|Ubicación en tiempo real compartida|Геоданные транслируются)$/i;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function joinCaption(...parts: (string | undefined)[]): string | undefined {
  const text = parts
    .map((p) => p?.trim())
    .filter((p): p is string => !!p)
    .join('\n');
  return text === '' ? undefined : text;
}

function withCaption(media: WhatsAppMedia, caption: string | undefined): WhatsAppMedia {
  return caption === undefined ? media : { ...media, caption };
}

/**
 * Recognises a media message from its (mark-stripped) body. `null` when the body is ordinary text.
 * Rules: a placeholder must be the whole first line, or end it after a file name (iOS documents) or after text
 * (Android "text <Media omitted>", read as a caption); lines after the first are the caption.
 */
export function detectMedia(body: string): WhatsAppMedia | null {
  const newline = body.indexOf('\n');
  const first = (newline < 0 ? body : body.slice(0, newline)).trim();
  const rest = newline < 0 ? '' : body.slice(newline + 1);

  const last = first.slice(-1).toLowerCase();
  let m = first.includes('<') ? IOS_ATTACHED_RE.exec(first) : null;
  if (m) {
    const fileName = m[1]!.trim();
    const caption = joinCaption(first.slice(0, m.index), first.slice(m.index + m[0].length), rest);
    return withCaption({ type: mediaTypeFromFileName(fileName), fileName, omitted: false }, caption);
  }

  m = last === ')' ? (ANDROID_ATTACHED_RE.exec(first) ?? ANDROID_ATTACHED_GENERIC.exec(first)) : null;
  if (m) {
    const fileName = m[1]!.trim();
    return withCaption({ type: mediaTypeFromFileName(fileName), fileName, omitted: false }, joinCaption(rest));
  }

  m = last === '>' ? (ANDROID_OMITTED_RE.exec(first) ?? ANDROID_OMITTED_GENERIC.exec(first)) : null;
  if (m) {
    const caption = joinCaption(first.slice(0, m.index), rest);
    // Android writes a document's name on the line after the placeholder.
    if (caption !== undefined && !caption.includes('\n') && looksLikeFileName(caption)) {
      return { type: mediaTypeFromFileName(caption), fileName: caption, omitted: true, caption };
    }
    return withCaption({ type: 'other', omitted: true }, caption);
  }

  m = IOS_OMITTED_LAST_CHARS.has(last) ? IOS_OMITTED_RE.exec(first) : null;
  if (m) {
    const type = IOS_OMITTED_TYPE.get(m[1]!.toLowerCase()) ?? 'other';
    const prefix = first.slice(0, m.index).trim();
    if (!prefix) return withCaption({ type, omitted: true }, joinCaption(rest));
    // "Resume.pdf • 2 pages document omitted" / "Some file.txt document omitted"
    const fileName = prefix.split(' • ')[0]!.trim();
    if (looksLikeFileName(fileName)) return withCaption({ type, fileName, omitted: true }, joinCaption(rest));
    return null; // "I think the image omitted" is just text
  }

  const trimmed = body.trim();
  if (!trimmed.includes('http') && trimmed.length > 40) return null;
  if (MAPS_LOCATION.test(first) || VENUE_LOCATION.test(trimmed) || LIVE_LOCATION.test(trimmed)) {
    return { type: 'location', omitted: false };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// System messages

/** Start of the end-to-end encryption notice; it is system whoever it is attributed to (iOS puts the chat name). */
const ENCRYPTION_NOTICE = [
  /^Messages and calls are end-to-end encrypted/i, // en (fixture)
  /^Messages (?:you send )?to this (?:chat|group)(?: and calls)? are (?:now )?secured with end-to-end encryption/i, // en, old (fixture)
  /^Сообщения и звонки защищены сквозным шифрованием/i, // ru (fixture)
  /^Berichten en oproepen worden end-to-end versleuteld/i, // nl (fixture)
  /^Les messages et les appels sont chiffrés de bout en bout/i, // fr (fixture)
  /^Zprávy a hovory jsou opatřeny koncovým šifrováním/i, // cs (fixture)
  /^I messaggi e le chiamate sono crittografati end-to-end/i, // it (fixture)
  /^Pesan dan panggilan terenkripsi secara end-to-end/i, // id (fixture)
  /^メッセージと通話はエンドツーエンド暗号化されています/, // ja (fixture)
  /^ข้อความและการโทรได้รับการเข้ารหัสจากต้นทางถึงปลายทาง/, // th (fixture)
  /^الرسائل والمكالمات مشفرة تمامًا بين الطرفين/, // ar (fixture)
  /^Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt/i, // de
  /^Los mensajes y las llamadas están cifrados de extremo a extremo/i, // es
  /^As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta/i, // pt
  /^Mesajlar ve aramalar uçtan uca şifrelidir/i, // tr
];

/** Other notices iOS writes under the contact's/group's name, body starting with U+200E. */
const MARKED_NOTICES = [
  /^Your security code with .+ changed/i, // en (fixture)
  /^(?:You )?(?:blocked|unblocked) this contact/i,
  /turned (?:on|off) disappearing messages/i,
  /changed (?:their|the) phone number/i,
  /^This chat is with a business account/i,
  /^Ваш код безопасности .+ изменился/i,
  /^Deine Sicherheitsnummer .+ hat sich geändert/i,
];

/** Group events (authorless on Android; under the group's name with U+200E on iOS). */
const GROUP_EVENTS = [
  // en (fixture: "created group", "added you", "You were added")
  / created group |^You created group | created this group|^You created this group/i,
  / added |^You were added| were added| was added|^You added /i,
  / removed |^You removed |^You were removed/i,
  / left$|^You left$/i,
  / joined using this group's invite link| joined from the community/i,
  / changed the subject (?:from|to) | changed this group's icon| deleted this group's icon| changed the group description| changed the group name| changed this group's settings/i,
  /^You're now an admin| is now an admin/i,
  // ru
  /создал\(а\)? группу|создали группу|добавил\(а\)? |добавили вас|вас добавили|удалил\(а\)? |вышел\(-ла\)?|покинул\(а\)? группу|изменил\(а\)? тему/i,
  // nl
  /heeft groep .+ aangemaakt|heeft .+ toegevoegd|^U bent toegevoegd| is vertrokken$|heeft .+ verwijderd|heeft het onderwerp gewijzigd/i,
  // de
  /hat die Gruppe .+ erstellt|hat .+ hinzugefügt|^Du wurdest hinzugefügt| hat die Gruppe verlassen|hat .+ entfernt|hat den Betreff/i,
  // es / pt
  /creó el grupo|añadió a |^Te añadieron|salió del grupo|eliminó a |cambió el asunto|criou o grupo|adicionou |saiu$|removeu |mudou o assunto/i,
  // fr / it
  /a créé le groupe|a ajouté |est parti$|a retiré |a changé le sujet|ha creato il gruppo|ha aggiunto |è uscito$|ha rimosso |ha cambiato l'oggetto/i,
];

const GROUP_WORD = /\bgroups?\b|групп|\bgroep|\bGruppe|\bgrupo|\bgroupe|\bgruppo|\bgrup\b|skupin|グループ|กลุ่ม|المجموعة/i;

const ENCRYPTION_NOTICE_RE = new RegExp(ENCRYPTION_NOTICE.map((re) => `(?:${re.source})`).join('|'), 'i');

export function isEncryptionNotice(body: string): boolean {
  return ENCRYPTION_NOTICE_RE.test(body);
}

export function isMarkedNotice(body: string): boolean {
  return MARKED_NOTICES.some((re) => re.test(body)) || isGroupEvent(body);
}

export function isGroupEvent(text: string): boolean {
  return GROUP_EVENTS.some((re) => re.test(text));
}

/** A system message that only happens in groups ("created group", "added", "left", "… this group …"). */
export function isGroupSystemText(text: string): boolean {
  return isGroupEvent(text) || GROUP_WORD.test(text);
}

/**
 * Whether the part before the first ": " of an Android line is itself a system phrase, as in
 * `Alice changed the subject from "a" to "b: c"` — then the line is an authorless system message.
 */
export function isSystemPhraseBeforeColon(candidate: string): boolean {
  return isGroupEvent(candidate) || MARKED_NOTICES.some((re) => re.test(candidate));
}
