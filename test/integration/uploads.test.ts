import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { materializeUpload, pendingUploadDir } from '../../src/modules/imports/import-runs.service.ts';
import { testDbKind } from '../helpers/test-database.ts';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';

const MAX_BYTES = 12 * 1024 * 1024;
let t: TestApp;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestApp({ config: { IMPORT_MAX_BYTES: MAX_BYTES } });
  org = await createTestOrg(t);
});
afterAll(() => t?.close());

function upload(query: string, payload: Buffer | Readable, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: `/api/imports?${query}`,
    headers: { cookie: org.cookie, 'x-parley-client': 'test', 'content-type': 'application/octet-stream', ...headers },
    payload,
  });
}

async function finishedRun(runId: string) {
  await t.runner.runUntilIdle();
  return (await call(t, { cookie: org.cookie }, 'GET', `/api/imports/${runId}`)).body;
}

const chatLine = (i: number) => `12/03/2024, 10:${String(i % 60).padStart(2, '0')} - Alice: message number ${i} ${'with padding to fill the export '.repeat(30)}\n`;

describe('POST /api/imports streams the upload', () => {
  it('refuses a declared body over IMPORT_MAX_BYTES with 413 before reading it', async () => {
    const response = await upload('source=whatsapp&fileName=big.txt', Buffer.alloc(16), { 'content-length': String(MAX_BYTES + 1) });
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', fields: [{ field: 'body' }] });
    expect(JSON.parse(response.body).error.message).toContain('IMPORT_MAX_BYTES');
  });

  it('stops a body without Content-Length with 413 as soon as it passes the limit', async () => {
    let sent = 0;
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const endless = new Readable({
      read() {
        sent += chunk.length;
        this.push(sent > MAX_BYTES * 4 ? null : chunk);
      },
    });
    const response = await upload('source=whatsapp&fileName=endless.txt', endless);
    expect(response.statusCode).toBe(413);
    const rows = await t.ctx.db.selectFrom('import_runs').select('id').where('organization_id', '=', org.organizationId).where('file_name', '=', 'endless.txt').execute();
    expect(rows).toHaveLength(0);
  });

  it('keeps a large upload (in parts on PostgreSQL, on disk with PGlite) and gives the job back the identical file', async () => {
    const lines: string[] = [];
    for (let i = 0; Buffer.byteLength(lines.join('')) < 9 * 1024 * 1024; i += 1000) for (let j = i; j < i + 1000; j++) lines.push(chatLine(j));
    const body = Buffer.from(lines.join(''));
    const response = await upload('source=whatsapp&fileName=WhatsApp%20Chat%20with%20Alice.txt&dryRun=true', body);
    expect(response.statusCode).toBe(202);
    const run = JSON.parse(response.body);
    const parts = await t.ctx.db.selectFrom('import_files').select(['part', 'content']).where('run_id', '=', run.id).orderBy('part').execute();
    if (testDbKind() === 'postgres') {
      // Any job process can take the run: the file is in the database, in parts of at most 4 MiB.
      expect(parts.map((p) => p.part)).toEqual([0, 1, 2]);
      expect(Math.max(...parts.map((p) => p.content.length))).toBeLessThanOrEqual(4 * 1024 * 1024);
    } else {
      // PGlite is one process: the file waits on local disk.
      expect(parts).toEqual([]);
      expect(existsSync(pendingUploadDir(run.id))).toBe(true);
    }
    const file = await materializeUpload(t.ctx.db, org.organizationId, run.id, 'WhatsApp Chat with Alice.txt');
    expect(createHash('sha256').update(readFileSync(file!.path)).digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
    if (testDbKind() === 'postgres') await file!.cleanup();
    const done = await finishedRun(run.id);
    expect(done.status).toBe('completed');
    expect(done.report.messages).toBe(lines.length);
    expect(existsSync(pendingUploadDir(run.id))).toBe(false);
  });
});

describe('zip uploads are checked before unpacking', () => {
  it('a zip bomb fails the run with a clear reason and is never inflated', async () => {
    const zip = new JSZip();
    zip.file('_chat.txt', chatLine(1));
    zip.file('padding.bin', Buffer.alloc(20 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    const response = await upload('source=whatsapp&fileName=bomb.zip', bomb);
    expect(response.statusCode).toBe(202);
    const done = await finishedRun(JSON.parse(response.body).id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/padding\.bin" would expand from .* to 20 MiB \(\d+:1, more than the 100:1 allowed\)/);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('bundles of several files are checked the same way', () => {
  it('a bundle holding a zip bomb fails the run with the reason, nothing unpacked', async () => {
    const zip = new JSZip();
    zip.file('WhatsApp Chat with Alice.txt', chatLine(1));
    zip.file('padding.txt', Buffer.alloc(20 * 1024 * 1024));
    const bundle = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    const response = await upload('source=whatsapp&fileName=files.zip&bundle=true', bundle);
    expect(response.statusCode).toBe(202);
    const done = await finishedRun(JSON.parse(response.body).id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/padding\.txt" would expand from .* to 20 MiB/);
  });
});

describe('stored errors are bounded', () => {
  it('a CSV with 100,000 columns keeps the run listing small', async () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `column_${i}`).join(',');
    const response = await upload('source=csv&fileName=wide.csv', Buffer.from(`${header}\n${header}\n`));
    expect(response.statusCode).toBe(202);
    const done = await finishedRun(JSON.parse(response.body).id);
    expect(['failed', 'completed']).toContain(done.status);
    const listing = await call(t, { cookie: org.cookie }, 'GET', '/api/imports');
    expect(listing.status).toBe(200);
    expect(listing.response.body.length).toBeLessThan(64 * 1024);
  });
});
