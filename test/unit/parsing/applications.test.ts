import { describe, expect, it } from 'vitest';
import { applicationsHit } from '../../../shared/parsing/applications.ts';
import { splitLines } from '../../../shared/parsing/text.ts';

const count = (text: string) => applicationsHit(splitLines(text))?.value;

describe('the count of applications an awards list states', () => {
  it('reads a count in digits or words, in each language', () => {
    expect(count('The committee assessed 41 applications and funded nine.')).toBe(41);
    expect(count('Maakuntaliitto sai määräaikaan mennessä 63 hakemusta.')).toBe(63);
    expect(count('Hakemuksia saapui 31.1. mennessä 44 kpl.')).toBe(44);
  });

  it('tries each word where a count may start, not only after a word that is none', () => {
    expect(count('Till förbundet kom det in sju ansökningar om medfinansiering.')).toBe(7);
  });

  it('reads no year and no article as a count', () => {
    expect(count('I maj 2025 ansökningarna behandlades.')).toBeUndefined();
    expect(count('En ansökan kom in sent.')).toBeUndefined();
  });
});
