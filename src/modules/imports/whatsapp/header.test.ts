import { describe, expect, it } from 'vitest';
import { fixturesAvailable, readFixture, whatsappFixtureNames } from '../../../../test/helpers/shared-fixtures.ts';
import { matchHeader, matchHeaderByShapes } from './header.ts';
import { asciiDigits, cleanLine } from './normalize.ts';

/** Lines near the common shapes, where a shortcut could disagree with the RegExps. */
const EDGE_LINES = [
  '27/03/2022, 21:41 - Bob: hi',
  '27/03/2022, 21:41 -  Bob: two spaces',
  '27/03/2022, 21:41 -',
  '27/03/2022, 21:41 -Bob: no space',
  '27/03/2022, 21:41 – Bob: en dash',
  '27/03/2022, 21:41- Bob: dash without space before',
  '27/03/2022 21:41 - Bob: no comma',
  '27/03/2022 , 21:41 - Bob: space before comma',
  '27/03/2022,21:41 - Bob: no space after comma',
  '27/03/2022,  21:41 - Bob: two spaces',
  '27/03/2022, 21:41:35 - Bob: seconds',
  '27/03/2022, 21:41:355 - Bob: long seconds',
  '27/03/2022, 21:4 - Bob: short minutes',
  '27/03/2022, 021:41 - Bob: long hour',
  '27/03/20222, 21:41 - Bob: long year',
  '27.03.22 21:41:35: Bob: old iOS',
  '27.03.22. 21:41 - Bob: dotted year',
  '27/03.2022, 21:41 - Bob: mixed separators',
  '27 / 03 / 2022, 21:41 - Bob: spaced separators',
  '27-03-2022 21.41 - Bob: dashes and dots',
  '21.41.35 27.03.22 - Bob: time first or date first',
  '12/30/2021, 10:01 p. m. - Bob: am/pm',
  '3/27/22, 9:41 PM - Bob: PM',
  '[27/03/2022, 21:41:35] Bob: hi',
  '[27/03/2022, 21:41:35]Bob: no space',
  '[27/03/2022, 21:41:35]',
  '[27/03/2022, 21:41:35 ] Bob: space before bracket',
  '[ 27/03/2022, 21:41:35] Bob: space after bracket',
  '[27/03/2022 21:41:35] Bob: no comma',
  '[27/03/2022, 21:41:35]\u2003Bob: em space',
  '27/03/2022, 21:41 -\u3000Bob: ideographic space',
  '[21:41:35, 27/03/2022] Bob: time first',
  '21:41, 27/03/2022 - Bob: time first',
  '[3/27/22, 21:41:35 Bob: no closing bracket',
  'R4/03/27 21:41 - Bob: era',
  '2565/03/27, 21:41 - Bob: Buddhist',
  '27/03/2565 BE, 21:41 - Bob: BE',
  '12/03/2022 is the deadline',
  '12/03/2022 10:00 meeting',
  '1/2/3, 4:05 - x',
  '',
  '[',
  '27/03/2022, 21:41 - \t Bob: tab',
];

function both(line: string) {
  const ascii = asciiDigits(cleanLine(line).text);
  return { fast: matchHeader(ascii), shapes: matchHeaderByShapes(ascii) };
}

describe('header shortcut', () => {
  it('reads the edge lines exactly as the RegExps do', () => {
    for (const line of EDGE_LINES) {
      const { fast, shapes } = both(line);
      expect({ line, header: fast }).toEqual({ line, header: shapes });
    }
  });

  it.skipIf(!fixturesAvailable)('reads every line of every fixture exactly as the RegExps do', () => {
    let headers = 0;
    for (const name of whatsappFixtureNames()) {
      for (const line of readFixture(name).split(/\r\n|\r|\n/)) {
        const { fast, shapes } = both(line);
        if (shapes) headers++;
        expect({ name, line, header: fast }).toEqual({ name, line, header: shapes });
      }
    }
    expect(headers).toBeGreaterThan(100);
  });
});
