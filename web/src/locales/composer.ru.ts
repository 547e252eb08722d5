import type { composerEn } from './composer.en.ts';

// Русские строки вложений, голосовых сообщений и подсказки ответа в поле ввода.
export const composerRu: Record<keyof typeof composerEn, string> = {
  'composer.attach': 'Прикрепить файл',
  'composer.attaching': 'Загружаем…',
  'composer.removeAttachment': 'Убрать вложение',
  'composer.dropHere': 'Отпустите файл, чтобы прикрепить его',
  'composer.captionPlaceholder': 'Добавьте подпись…',
  'composer.voice': 'Записать голосовое сообщение',
  'composer.voiceNote': 'Голосовое сообщение',
  'composer.recording': 'Идёт запись',
  'composer.stopRecording': 'Остановить',
  'composer.cancelRecording': 'Отменить',
  'composer.micDenied': 'Браузер не дал доступ к микрофону.',
  'composer.micUnavailable': 'Этот браузер не умеет записывать звук.',
  'composer.suggest': 'Предложить ответ',
  'composer.suggesting': 'Составляем ответ…',
  'composer.suggestedAi': 'Черновик от ИИ — проверьте перед отправкой',
  'composer.suggestedOffline': 'Черновик по профилю бизнеса — проверьте перед отправкой',
};
