import { describe, expect, it } from 'vitest';
import { OGG_VOICE, PDF_ONE_PAGE, PNG_1X1, webmOpus } from '../../../../test/helpers/media-samples.ts';
import { checkAttachment, sniffMimeType } from './attachment-kind.ts';

describe('attachment checks', () => {
  it('recognises the containers by their first bytes', () => {
    expect(sniffMimeType(PNG_1X1)).toBe('image/png');
    expect(sniffMimeType(PDF_ONE_PAGE)).toBe('application/pdf');
    expect(sniffMimeType(OGG_VOICE)).toBe('audio/ogg');
    expect(sniffMimeType(webmOpus(2).webm)).toBe('audio/webm');
    expect(sniffMimeType(Buffer.from('hello'))).toBeNull();
  });

  it('takes a file whose bytes match its declared type, and says what it is', () => {
    expect(checkAttachment('image/png', PNG_1X1)).toEqual({ ok: true, kind: 'image', mimeType: 'image/png' });
    expect(checkAttachment('application/pdf', PDF_ONE_PAGE)).toEqual({ ok: true, kind: 'document', mimeType: 'application/pdf' });
    expect(checkAttachment('text/plain; charset=utf-8', Buffer.from('Прайс на услуги'))).toEqual({ ok: true, kind: 'document', mimeType: 'text/plain' });
    expect(checkAttachment('audio/webm;codecs=opus', webmOpus(2).webm, { voice: true })).toEqual({ ok: true, kind: 'voice', mimeType: 'audio/webm' });
  });

  it('refuses a type we do not send, and a file whose bytes are not what it claims', () => {
    expect(checkAttachment('application/x-msdownload', Buffer.from('MZ'))).toMatchObject({ ok: false, reason: 'type_not_allowed' });
    expect(checkAttachment('image/png', Buffer.from('MZ\x90\x00'))).toMatchObject({ ok: false, reason: 'content_mismatch', message: expect.stringContaining('image/png') });
    expect(checkAttachment('text/plain', Buffer.from([0x4d, 0x5a, 0x00, 0x01]))).toMatchObject({ ok: false, reason: 'content_mismatch' });
    expect(checkAttachment('image/png', PNG_1X1, { voice: true })).toMatchObject({ ok: false, reason: 'type_not_allowed' });
  });
});
