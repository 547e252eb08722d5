import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvImportError, detectDelimiter, parseContactsCsv, readContactsCsvFile } from './index.ts';
import { fixturePath, fixturesAvailable, fixturesSkipMessage } from '../../../../test/helpers/shared-fixtures.ts';

const GOOGLE = 'contacts_google_rolomind.csv';

describe.skipIf(!fixturesAvailable)(`contacts CSV fixture${fixturesAvailable ? '' : ` (${fixturesSkipMessage})`}`, () => {
  it('reads the Google Contacts export (rolomind)', async () => {
    const r = await readContactsCsvFile(fixturePath(GOOGLE));
    expect(r.delimiter).toBe(',');
    expect(r.format).toBe('google');
    expect(r.problems).toEqual([]);
    expect(r.mapping).toEqual({
      firstName: 'First Name', middleName: 'Middle Name', lastName: 'Last Name', company: 'Organization Name',
      phone: 'Phone 1 - Value', email: 'E-mail 1 - Value',
    });
    expect(r.rows).toHaveLength(4);
    expect(r.rows[0]).toEqual({
      line: 2, firstName: 'John', lastName: 'Doe', fullName: 'John Doe', phone: '+1-555-0123', email: 'john@example.com',
      telegramUsername: null, company: 'Acme Corp', tags: [], language: null,
      customFields: {
        'Organization Title': 'CEO', 'Phone 1 - Label': 'Work', 'Website 1 - Label': 'Website', 'Website 1 - Value': 'https://acme.com',
        'Address 1 - Label': 'Work', 'Address 1 - Formatted': '123 Main St, San Francisco, CA',
      },
    });
    expect(r.rows.map((row) => [row.line, row.fullName, row.phone, row.email])).toEqual([
      [2, 'John Doe', '+1-555-0123', 'john@example.com'],
      [3, 'Jane Smith', '+1-555-0124', 'jane@example.com'],
      [4, 'Bob Wilson', null, 'bob@startup.com'],
      [5, 'Alice Brown', '+1-555-0125', 'alice.brown@email.com'], // last line has no trailing newline
    ]);
    expect(r.rows[3]!.customFields['Address 1 - Formatted']).toBe('789 AI Way, Palo Alto, CA');
    expect(r.rows[2]!.customFields).not.toHaveProperty('Address 1 - Formatted');
  });
});

describe('parseContactsCsv', () => {
  it('reads a HubSpot export with ; and a BOM, mobile phone first, others kept', () => {
    const csv =
      '\ufeffRecord ID;First Name;Last Name;Email;Phone Number;Mobile Phone Number;Company Name;Lifecycle Stage\r\n' +
      '101;Anna;Lee;anna@lee.io;+1 212 555 0100;+1 917 555 0101;"Lee; Partners";lead\r\n' +
      '102;Ben;;ben@x.com;+44 20 7946 0000;;;customer\r\n';
    const r = parseContactsCsv(csv);
    expect(r).toMatchObject({ delimiter: ';', format: 'hubspot', problems: [] });
    expect(r.mapping).toMatchObject({ firstName: 'First Name', email: 'Email', phone: 'Mobile Phone Number', company: 'Company Name' });
    expect(r.rows).toEqual([
      {
        line: 2, firstName: 'Anna', lastName: 'Lee', fullName: 'Anna Lee', phone: '+1 917 555 0101', email: 'anna@lee.io',
        telegramUsername: null, company: 'Lee; Partners', tags: [], language: null,
        customFields: { 'Record ID': '101', 'Phone Number': '+1 212 555 0100', 'Lifecycle Stage': 'lead' },
      },
      {
        line: 3, firstName: 'Ben', lastName: null, fullName: 'Ben', phone: '+44 20 7946 0000', email: 'ben@x.com',
        telegramUsername: null, company: null, tags: [], language: null,
        customFields: { 'Record ID': '102', 'Lifecycle Stage': 'customer' },
      },
    ]);
  });

  it('reads Russian headers with ; and a BOM', () => {
    const csv =
      '\ufeffИмя;Фамилия;Телефон;Почта;Telegram;Компания;Теги;Язык;Примечание\n' +
      'Иван;Петров;+7 (999) 123-45-67;ivan@mail.ru;@ivan_petrov;ООО "Ромашка";vip, опт;ru;"звонить после 18:00;\nне в выходные"\n' +
      'Ольга;;8 912 000 11 22;;https://t.me/olga_k;;;;\n';
    const r = parseContactsCsv(csv);
    expect(r).toMatchObject({ delimiter: ';', format: 'generic', problems: [] });
    expect(r.mapping).toEqual({
      firstName: 'Имя', lastName: 'Фамилия', phone: 'Телефон', email: 'Почта', telegram: 'Telegram', company: 'Компания', tags: 'Теги', language: 'Язык',
    });
    expect(r.rows[0]).toEqual({
      line: 2, firstName: 'Иван', lastName: 'Петров', fullName: 'Иван Петров', phone: '+7 (999) 123-45-67', email: 'ivan@mail.ru',
      telegramUsername: 'ivan_petrov', company: 'ООО "Ромашка"', tags: ['vip', 'опт'], language: 'ru',
      customFields: { Примечание: 'звонить после 18:00;\nне в выходные' },
    });
    expect(r.rows[1]).toMatchObject({ line: 4, firstName: 'Ольга', fullName: 'Ольга', phone: '8 912 000 11 22', telegramUsername: 'olga_k', email: null });
  });

  it('reads "Имя" alone as the full name, and ФИО', () => {
    expect(parseContactsCsv('Имя,Телефон\nИван Петров,+79991234567').rows[0]).toMatchObject({ fullName: 'Иван Петров', firstName: null });
    expect(parseContactsCsv('ФИО;Моб. телефон\nПетров Иван;+79991234567').rows[0]).toMatchObject({ fullName: 'Петров Иван', phone: '+79991234567' });
  });

  it('reads a tab-delimited file with empty cells and no trailing newline', () => {
    const r = parseContactsCsv('name\tphone\temail\tnotes\nAnn Lee\t+1 555 0100\t\tmet at expo\n\t\t\t\nBob\t\tbob@b.io\t');
    expect(r.delimiter).toBe('\t');
    expect(r.problems).toEqual([]);
    expect(r.rows.map((row) => [row.line, row.fullName, row.phone, row.email, row.customFields])).toEqual([
      [2, 'Ann Lee', '+1 555 0100', null, { notes: 'met at expo' }],
      [4, 'Bob', null, 'bob@b.io', {}],
    ]);
  });

  it('detects | and keeps delimiters inside quotes out of the count', () => {
    expect(detectDelimiter('"a,b,c"|phone|email\n1,2,3|4|5')).toBe('|');
    expect(detectDelimiter('name')).toBe(',');
    const r = parseContactsCsv('Full Name|Phone|Tags\n"Doe, John"|+1 555|a;b|c');
    expect(r.problems).toEqual([{ line: 2, reason: 'expected 3 fields, found 4', code: 'csv_field_count', params: { expected: '3', found: '4' } }]);
  });

  it('reports broken rows with their line numbers and parses the others', () => {
    const csv = [
      'Name,Phone,Email', // 1
      'Ann,+1 555 0001,ann@a.io', // 2
      'Bob,+1 555 0002,bob@b.io,extra', // 3: too many fields
      'Cid,"+1 555 0003', // 4: unterminated quote
      'Dan,+1 555 0004,dan@d.io', // 5
      'Eve', // 6: too few fields
      'Fay,"multi', // 7: quoted field over two lines
      'line",fay@f.io', // 8
      'Gus,"+1 555" x,gus@g.io', // 9: text after a closing quote: kept as written (relax_quotes)
      ',,', // 10: empty row, skipped silently
      'Hal,+1 555 0008,hal@h.io', // 11
    ].join('\n');
    const r = parseContactsCsv(csv);
    expect(r.rows.map((row) => [row.line, row.fullName])).toEqual([
      [2, 'Ann'],
      [5, 'Dan'],
      [7, 'Fay'], // a quoted field over two lines is fine
      [9, 'Gus'],
      [11, 'Hal'],
    ]);
    expect(r.rows[2]!.phone).toBe('multi\nline');
    expect(r.rows[3]!.phone).toBe('"+1 555" x');
    expect(r.problems).toEqual([
      { line: 3, reason: 'expected 3 fields, found 4', code: 'csv_field_count', params: { expected: '3', found: '4' } },
      { line: 4, reason: 'unterminated quoted field (a " that is not closed on its line)', code: 'csv_unterminated_quote' },
      { line: 6, reason: 'expected 3 fields, found 1', code: 'csv_field_count', params: { expected: '3', found: '1' } },
    ]);
  });

  it('reports an unterminated quote on the last line', () => {
    const r = parseContactsCsv('name,phone\nAnn,1\nBob,"2');
    expect(r.rows.map((row) => row.fullName)).toEqual(['Ann']);
    expect(r.problems).toEqual([{ line: 3, reason: 'unterminated quoted field (a " that is never closed)', code: 'csv_unterminated_quote' }]);
  });

  it('reports a row without any way to reach the contact', () => {
    const r = parseContactsCsv('name,phone,company\n,,Acme\nAnn,1,');
    expect(r.rows).toHaveLength(1);
    expect(r.problems).toEqual([{ line: 2, reason: 'no name, phone, e-mail or Telegram username', code: 'csv_no_identity' }]);
  });

  it('applies an explicit mapping over the detected one', () => {
    const csv = 'Client,Contact,Mobile,Handle,Segment\nAcme,Ann Lee,+1 555,@annlee,"b2b, hot"\n';
    const auto = parseContactsCsv(csv);
    expect(auto.format).toBe('generic');
    expect(auto.mapping).toEqual({ fullName: 'Contact', phone: 'Mobile' });

    const r = parseContactsCsv(csv, { mapping: { company: 'Client', fullName: 'contact', telegram: 'Handle', tags: 'Segment', phone: 'Mobile' } });
    expect(r.format).toBe('custom');
    expect(r.mapping).toEqual({ company: 'Client', fullName: 'Contact', telegram: 'Handle', tags: 'Segment', phone: 'Mobile' });
    expect(r.rows[0]).toMatchObject({ fullName: 'Ann Lee', company: 'Acme', telegramUsername: 'annlee', tags: ['b2b', 'hot'], phone: '+1 555', customFields: {} });

    // a mapped column is no longer auto-detected for another field
    const swapped = parseContactsCsv('name,phone,email\nAnn,+1 555,a@a.io', { mapping: { fullName: 'email', email: 'name' } });
    expect(swapped.rows[0]).toMatchObject({ fullName: 'a@a.io', email: 'Ann', phone: '+1 555' });

    expect(() => parseContactsCsv(csv, { mapping: { phone: 'Tel' } })).toThrow(/mapping\.phone: no column "Tel"; the columns are "Client", "Contact"/);
  });

  it('reads Outlook and old-style Google headers, Google multi-values and labels', () => {
    const outlook = parseContactsCsv(
      'First Name,Middle Name,Last Name,E-mail Address,Business Phone,Home Phone,Mobile Phone,Company,Categories,Language\n' +
        'Kim,J,Park,kim@p.kr,+82 2 000,,+82 10 000,Park Co,"VIP;Seoul",ko',
    );
    expect(outlook.format).toBe('outlook');
    expect(outlook.rows[0]).toMatchObject({
      fullName: 'Kim J Park', phone: '+82 10 000', email: 'kim@p.kr', company: 'Park Co', tags: ['VIP', 'Seoul'], language: 'ko',
      customFields: { 'Business Phone': '+82 2 000' },
    });

    const google = parseContactsCsv(
      'Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Organization 1 - Name\n' +
        'Ann Lee,Ann,Lee,* myContacts ::: Friends ::: * starred,* Home,ann@a.io ::: ann@work.io,Mobile,,Work,+1 555 ::: +1 666,Acme',
    );
    expect(google.format).toBe('google');
    expect(google.rows[0]).toMatchObject({
      fullName: 'Ann Lee', firstName: 'Ann', lastName: 'Lee', tags: ['Friends', 'starred'], email: 'ann@a.io', phone: '+1 555', company: 'Acme',
      customFields: { 'E-mail 1 - Type': '* Home', 'E-mail 1 - Value': 'ann@work.io', 'Phone 1 - Type': 'Mobile', 'Phone 2 - Type': 'Work', 'Phone 2 - Value': '+1 666' },
    });
  });

  it('names duplicate and empty headers', () => {
    const r = parseContactsCsv('name,phone,phone,,note\nAnn,,+1 555,x,y');
    expect(r.rows[0]).toMatchObject({ phone: '+1 555', customFields: { 'Column 4': 'x', note: 'y' } });
    expect(r.mapping.phone).toBe('phone');
  });

  it('throws CsvImportError for empty files, garbage and files without a usable header', () => {
    expect(() => parseContactsCsv('')).toThrow(CsvImportError);
    expect(() => parseContactsCsv('\ufeff \r\n\n')).toThrow(/empty file/);
    expect(() => parseContactsCsv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00, 0x81, 0xc3]))).toThrow(/not a UTF-8 text file/);
    expect(() => parseContactsCsv('\u0000\u0001binary\u0002')).toThrow(/NUL bytes/);
    expect(() => parseContactsCsv('\ufffd\ufffd\ufffd,\ufffd\ufffd\n\ufffd\ufffd,\ufffd')).toThrow(/control or undecodable characters/);
    expect(() => parseContactsCsv('Ann Lee,+1 555 0100,ann@a.io\nBob,+1 555 0101,bob@b.io')).toThrow(/no header line: the first line looks like a contact/);
    expect(() => parseContactsCsv('foo,bar\n1,2')).toThrow(/no usable column: none of "foo", "bar"/);
    expect(() => parseContactsCsv('"name,phone\nAnn,1')).toThrow(/cannot read the header line/);
  });

  it('accepts a header-only file', () => {
    expect(parseContactsCsv('email\n')).toMatchObject({ rows: [], problems: [], mapping: { email: 'email' } });
  });
});

describe('readContactsCsvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads UTF-8 with a BOM and UTF-16LE (Excel "Unicode text")', async () => {
    const utf8 = join(dir, 'bom.csv');
    writeFileSync(utf8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Имя;Телефон\nИван;+7 999', 'utf8')]));
    expect((await readContactsCsvFile(utf8)).rows[0]).toMatchObject({ fullName: 'Иван', phone: '+7 999' });

    const utf16 = join(dir, 'unicode.txt');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tPhone\r\nAnn\t+1 555\r\n', 'utf16le')]));
    const r = await readContactsCsvFile(utf16);
    expect(r.delimiter).toBe('\t');
    expect(r.rows[0]).toMatchObject({ fullName: 'Ann', phone: '+1 555' });
  });

  it('rejects invalid UTF-8 (a Windows-1251 file) with the file name', async () => {
    const file = join(dir, 'cp1251.csv');
    writeFileSync(file, Buffer.from([0xc8, 0xec, 0xff, 0x3b, 0xd2, 0xe5, 0xeb, 0xe5, 0xf4, 0xee, 0xed, 0x0a])); // "Имя;Телефон" in cp1251
    await expect(readContactsCsvFile(file)).rejects.toThrow(/^cp1251\.csv: not a UTF-8 text file/);
    await expect(readContactsCsvFile(join(dir, 'missing.csv'))).rejects.toThrow(/missing\.csv: cannot read the file: file not found/);
  });
});
