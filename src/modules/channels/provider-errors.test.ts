import { describe, expect, it } from 'vitest';
import { cloudError, graphErrorOf } from './whatsapp-cloud/cloud.api.ts';
import { isValidSignature } from './whatsapp-cloud/cloud.webhook.ts';
import { isWindowOpen } from './whatsapp-cloud/cloud.adapter.ts';
import { telegramError } from './telegram-bot/telegram.api.ts';
import { inboundFromUpdate } from './telegram-bot/telegram.updates.ts';
import { normalizeEventName } from './evolution/evolution.webhook.ts';
import { createHmac } from 'node:crypto';

describe('WhatsApp Cloud API errors', () => {
  const graph = (code: number, message = 'x') => graphErrorOf({ error: { message, type: 'OAuthException', code, fbtrace_id: 'A' } });

  it('maps Meta codes to the sending rules', () => {
    expect(cloudError(400, graph(131047))).toMatchObject({ code: 'REJECTED', reason: 'window_closed', message: expect.stringMatching(/^window_closed: .*template/) });
    expect(cloudError(400, graph(131026))).toMatchObject({ code: 'RECIPIENT_INVALID' });
    expect(cloudError(429, graph(130429))).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 60_000 });
    expect(cloudError(400, graph(131056))).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 10_000 });
    expect(cloudError(401, graph(190))).toMatchObject({ code: 'AUTH_REVOKED' });
    expect(cloudError(403, graph(200))).toMatchObject({ code: 'AUTH_REVOKED' });
    expect(cloudError(500, graph(131000))).toMatchObject({ code: 'TEMPORARY' });
    expect(cloudError(400, graph(132001))).toMatchObject({ code: 'REJECTED', reason: '132001' });
    expect(cloudError(503, null)).toMatchObject({ code: 'TEMPORARY' });
  });

  it('checks X-Hub-Signature-256 over the exact bytes', () => {
    const raw = Buffer.from('{"object":"whatsapp_business_account"}');
    const good = `sha256=${createHmac('sha256', 'app-secret').update(raw).digest('hex')}`;
    expect(isValidSignature(raw, good, 'app-secret')).toBe(true);
    expect(isValidSignature(raw, good, 'other-secret')).toBe(false);
    expect(isValidSignature(Buffer.from('{"object": "whatsapp_business_account"}'), good, 'app-secret')).toBe(false);
    expect(isValidSignature(raw, good.replace('sha256=', 'sha1='), 'app-secret')).toBe(false);
    expect(isValidSignature(raw, undefined, 'app-secret')).toBe(false);
    expect(isValidSignature(raw, 'sha256=abc', 'app-secret')).toBe(false);
  });

  it('the customer-service window is 24 hours from the last inbound message', () => {
    const now = new Date('2026-01-05T12:00:00Z');
    expect(isWindowOpen(new Date('2026-01-04T12:00:01Z'), now)).toBe(true);
    expect(isWindowOpen(new Date('2026-01-04T12:00:00Z'), now)).toBe(false);
    expect(isWindowOpen(null, now)).toBe(false);
  });
});

describe('Telegram Bot API errors and updates', () => {
  it('maps error_code and parameters to the sending rules', () => {
    expect(telegramError('Telegram sendMessage', 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 14', parameters: { retry_after: 14 } })).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 14_000,
    });
    expect(telegramError('t', 403, { error_code: 403, description: 'Forbidden: bot was blocked by the user' })).toMatchObject({ code: 'RECIPIENT_INVALID' });
    expect(telegramError('t', 400, { error_code: 400, description: 'Bad Request: chat not found' })).toMatchObject({ code: 'RECIPIENT_INVALID' });
    expect(telegramError('t', 400, { error_code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: -1001 } })).toMatchObject({
      code: 'RECIPIENT_INVALID',
      message: expect.stringContaining('-1001'),
    });
    expect(telegramError('t', 401, { error_code: 401, description: 'Unauthorized' })).toMatchObject({ code: 'AUTH_REVOKED' });
    expect(telegramError('t', 502, { error_code: 502, description: 'Bad Gateway' })).toMatchObject({ code: 'TEMPORARY' });
    expect(telegramError('t', 400, { error_code: 400, description: 'Bad Request: message is too long' })).toMatchObject({ code: 'REJECTED' });
  });

  it('reads private, group and media updates; skips service messages', () => {
    const base = { message_id: 7, date: 1_767_600_000, from: { id: 42, is_bot: false, first_name: 'Ann', last_name: 'Lee', username: 'annlee' } };
    expect(inboundFromUpdate({ update_id: 1, message: { ...base, chat: { id: 42, type: 'private' }, text: 'hi' } })).toMatchObject({
      externalChatId: '42',
      externalMessageId: '7',
      from: { telegramId: '42', telegramUsername: 'annlee', name: 'Ann Lee' },
      text: 'hi',
      isGroup: false,
      sentAt: new Date(1_767_600_000_000),
    });
    expect(inboundFromUpdate({ update_id: 2, message: { ...base, chat: { id: -100, type: 'supergroup', title: 'Team' }, document: { file_name: 'a.pdf', mime_type: 'application/pdf' }, caption: 'see' } })).toMatchObject({
      isGroup: true,
      chatTitle: 'Team',
      text: 'see',
      media: { type: 'document', fileName: 'a.pdf', omitted: true },
    });
    expect(inboundFromUpdate({ update_id: 3, message: { ...base, chat: { id: -100, type: 'group' }, new_chat_members: [] } })).toBeNull();
    expect(inboundFromUpdate({ update_id: 4, edited_message: { ...base, chat: { id: 42, type: 'private' }, text: 'edit' } })).toBeNull();
  });
});

describe('Evolution event names', () => {
  it('accepts both the dotted and the webhook-by-events spelling', () => {
    expect(normalizeEventName('MESSAGES_UPSERT')).toBe('messages.upsert');
    expect(normalizeEventName('connection.update')).toBe('connection.update');
  });
});
