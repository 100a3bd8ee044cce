import { describe, expect, it } from 'vitest';
import {
  beneficiaryStatement,
  headingNameStatement,
  readStatements,
  standsFor,
} from '../../../shared/parsing/statements.ts';
import { splitLines } from '../../../shared/parsing/text.ts';

const read = (text: string) =>
  Object.fromEntries(readStatements(splitLines(text)).map((s) => [s.path, s.value]));

describe('readStatements', () => {
  it('reads a project acronym and the name it stands for, over a line break', () => {
    expect(
      read(
        'News\n\nThe two-year Interreg project BALTICWAVE (Baltic Water and\nVentures Exchange) started in May.\n',
      ),
    ).toEqual({
      'project.acronym': 'BALTICWAVE',
      'project.name': 'Baltic Water and Ventures Exchange',
    });
  });

  it('reads an acronym that opens the text of a page its title names', () => {
    expect(
      read('title: About MARINET\n\n**MARINET** (Maritime Innovation Network) links ports.\n'),
    ).toEqual({ 'project.acronym': 'MARINET', 'project.name': 'Maritime Innovation Network' });
  });

  it.each([
    [
      'an organisation introduced by its acronym',
      'Partners include NIBIO (Norwegian Institute of Bioeconomy Research).',
    ],
    ['a fund', 'The project is funded by ERDF (European Regional Development Fund).'],
    [
      'words that do not spell the acronym',
      'The project DIGI (Regional Skills Centre) helps firms.',
    ],
    ['lower-case words', 'The project SME (small and medium-sized enterprises) support.'],
  ])('leaves out %s', (_, text) => {
    expect(read(`Title\n\n${text}\n`)).toEqual({});
  });

  it.each([
    [
      'en',
      'This project received funding under the Grant Agreement number 101079338.',
      '101079338',
    ],
    ['en, No.', 'Funded by the European Union under grant agreement No. 101060464', '101060464'],
    ['sv', 'Projektet finansieras av EU enligt bidragsavtal nr 101112233.', '101112233'],
  ])('reads the grant agreement number in a sentence (%s)', (_, text, code) => {
    expect(read(text)['project.code']).toBe(code);
  });
});

describe('standsFor', () => {
  const skips = new Set(['and', 'at', 'a', 'of']);
  it.each([
    [
      'TERAIS',
      'Towards Excellent Robotics and Artificial Intelligence at a Slovak University',
      true,
    ],
    ['COLDIGIT', 'Collective Intelligence through Digital Tools', false],
    ['ABC', 'Alpha Beta', false],
  ])('%s stands for "%s": %s', (acronym, name, expected) => {
    expect(standsFor(acronym, name, skips)).toBe(expected);
  });
});

describe('the beneficiary named in a sentence of its own', () => {
  const named = (text: string) => beneficiaryStatement(splitLines(text))?.value;

  it('reads the name after the beneficiary word, in each language', () => {
    expect(named('Projektet stöds av fonden.\n\nProjektägaren är Kustens Ungdomsförbund.')).toBe(
      'Kustens Ungdomsförbund',
    );
    expect(named('Hankkeen toteuttaja on Kylätalo osk. Hanke alkoi keväällä.')).toBe(
      'Kylätalo osk',
    );
    expect(named('The lead partner is the City of Kemi.')).toBe('City of Kemi');
  });

  it('reads no duty, no lower-case phrase and no long clause as a name', () => {
    expect(named('The beneficiary is responsible for the reporting.')).toBeUndefined();
    expect(named('Projektägaren är ansvarig för redovisningen.')).toBeUndefined();
    expect(
      named(
        'The lead partner is Oulu and the partners in three countries that share the work of it.',
      ),
    ).toBeUndefined();
  });
});

describe('a heading the text under it calls a project', () => {
  const named = (text: string) => headingNameStatement(splitLines(text))?.value;

  it('names the project, in each language and case form', () => {
    expect(
      named('# Kala-Data\n\nKala-Data on ammattikorkeakoulun hanke, jossa kerätään dataa.'),
    ).toBe('Kala-Data');
    expect(
      named('Guide\n\nBlue Harbour 2030\n\nIn the Blue Harbour 2030 project the port is rebuilt.'),
    ).toBe('Blue Harbour 2030');
    expect(named('Kustlinjen\n\nKustlinjen är ett treårigt projekt om turism.')).toBe('Kustlinjen');
    expect(named('Saaristo 2025\n\nTyö jatkuu Saaristo 2025 hankkeessa ensi vuonna.')).toBe(
      'Saaristo 2025',
    );
  });

  it('names nothing when the text does not call the heading a project', () => {
    expect(named('Installation\n\nInstallation takes a minute with npm.')).toBeUndefined();
    expect(named('Results\n\nResults of the project are below.')).toBeUndefined();
  });
});
