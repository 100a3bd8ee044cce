import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadCharacters, mayLead } from '../../../shared/parsing/lead.ts';
import { GENERALITY_DIR } from '../../helpers/fixtures.ts';

const BULLETS = '-–•*▪·◦';

const sorted = (source: string) => {
  const leads = leadCharacters(source);
  return leads && [...leads].sort().join('');
};

describe('the characters a pattern can start with', () => {
  it('are the first letters of literal alternatives, lower-cased', () => {
    expect(sorted('(?:Hankekoodi|project code|projektkod)')).toBe('hp');
  });

  it('follow groups, optional parts, classes, escapes and lookarounds', () => {
    expect(sorted('(?:(?:hankkeen |suunniteltu )?aloituspäivä|start)')).toBe('ahs');
    expect(sorted('(?:eu )?co-?financing')).toBe('ce');
    expect(sorted('reali[sz]ed|[åä]r')).toBe('räå');
    expect(sorted('(?:\\|\\s*)?"?(?:hakija|sökande)')).toBe('"hs|');
    expect(sorted('\\d{1,2}\\.\\s+(?=[A-Z])osa')).toBe('0123456789');
    expect(sorted('(?=x)(?<name>y|z)')).toBe('yz');
    expect(sorted('\\u00e4ri|\\(a\\)')).toBe('(ä');
    expect(sorted('x*y')).toBe('xy');
    expect(sorted('x{0,2}y|z{1}')).toBe('xyz');
  });

  it('are unknown when the pattern may start with anything or nothing', () => {
    expect(leadCharacters('.*funding')).toBeUndefined();
    expect(leadCharacters('\\s*funding')).toBeUndefined();
    expect(leadCharacters('\\p{L}+')).toBeUndefined();
    expect(leadCharacters('[^:]+:')).toBeUndefined();
    expect(leadCharacters('[!-~]+ [a-z]{3}')).toBeUndefined();
    expect(leadCharacters('(?:funding)?')).toBeUndefined();
    expect(leadCharacters('a|')).toBeUndefined();
    expect(leadCharacters('(?:open')).toBeUndefined();
  });
});

describe('whether a line may start with a label', () => {
  const leads = leadCharacters('(?:rahasto|fund|fond|ärende)');

  it('looks at the first character, or past a bullet and blanks', () => {
    expect(mayLead('Fund: ERDF', leads, BULLETS)).toBe(true);
    expect(mayLead('•  rahasto: EAKR', leads, BULLETS)).toBe(true);
    expect(mayLead('Ärende: 12', leads, BULLETS)).toBe(true);
    expect(mayLead('Project code: S123', leads, BULLETS)).toBe(false);
    expect(mayLead('- Project code', leads, BULLETS)).toBe(false);
    expect(mayLead('', leads, BULLETS)).toBe(false);
  });

  it('tries every line when the lead is unknown, and lines in scripts whose case folds oddly', () => {
    expect(mayLead('Anything', undefined, BULLETS)).toBe(true);
    expect(mayLead('\u212Aund', leadCharacters('kund'), BULLETS)).toBe(true);
  });

  /** Label alternatives as the parsers write them, with optional words and classes. */
  const patterns = [
    ['hankekoodi', 'hankkeen koodi', 'project code', 'projektkod'],
    ['(?:hankkeen |suunniteltu )?(?:aloituspäivämäärä|aloituspäivä)', 'start date', 'startdatum'],
    ['(?:eu )?co-?financing rate', '(?:eu:n )?osarahoitusaste', 'eu-medfinansieringsgrad'],
    ['reali[sz]ed public funding', 'toteutunut julkinen rahoitus(?: yhteensä)?'],
    ['y-tunnus', 'business id', 'fo-nummer', '\\d{7}-\\d'],
  ];

  it('never passes over a line the pattern matches (every line of the generality fixtures)', () => {
    const lines = readdirSync(GENERALITY_DIR)
      .filter((name) => name.endsWith('.txt'))
      .flatMap((name) => readFileSync(join(GENERALITY_DIR, name), 'utf8').split('\n'))
      .map((line) => line.trim());
    let matched = 0;
    for (const alternatives of patterns) {
      const source = `(?:${alternatives.join('|')})`;
      const label = new RegExp(`^(?:[-–•*▪·◦]\\s*)?${source}`, 'iu');
      const lineLeads = leadCharacters(source);
      for (const line of lines) {
        if (!label.test(line)) continue;
        matched++;
        expect(mayLead(line, lineLeads, BULLETS), line).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(20);
  });

  it('never passes over a match written in any case, after any bullet', () => {
    const source = `(?:${patterns.flat().join('|')})`;
    const label = new RegExp(`^(?:[-–•*▪·◦]\\s*)?${source}`, 'iu');
    const lineLeads = leadCharacters(source);
    const words = ['Hankekoodi', 'PROJECT CODE', 'suunniteltu aloituspäivä', 'Co-financing rate'];
    fc.assert(
      fc.property(
        fc.constantFrom(...words, 'Realized public funding', '1234567-8', 'Muu teksti'),
        fc.constantFrom('', '- ', '•\t', '◦  '),
        fc.boolean(),
        (word, bullet, upper) => {
          const line = `${bullet}${upper ? word.toUpperCase() : word}: x`;
          if (label.test(line)) expect(mayLead(line, lineLeads, BULLETS)).toBe(true);
        },
      ),
    );
  });
});
