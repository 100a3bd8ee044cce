import { describe, expect, it } from 'vitest';
import { rateInSentence, readCostStatements } from '../../../shared/parsing/cost-sentence.ts';
import { extractReport } from '../../../shared/parsing/extract.ts';
import { splitLines } from '../../../shared/parsing/text.ts';

function read(text: string, language: 'fi' | 'sv' | 'en') {
  return Object.fromEntries(
    readCostStatements(splitLines(text), language).map((s) => [s.path, s.value]),
  );
}

describe('a project’s money stated in one sentence', () => {
  it('reads the total and the EU and state grant out of it, with its fund (fi)', () => {
    expect(
      read(
        'Hankkeen kokonaiskustannukset ovat 292 551 euroa, josta Lapin liitto on myöntänyt Euroopan aluekehitysrahaston (EAKR) ja valtion rahoitusta 219 414 euroa',
        'fi',
      ),
    ).toEqual({
      'funding.totalBudget': 292551,
      'funding.euAndStateGranted': 219414,
      'project.fund': 'ERDF',
    });
  });

  it('reads what the EU alone contributes as the EU contribution (en)', () => {
    expect(
      read(
        'The total cost of the project is €1.2 million, of which the EU contributes €720,000 from the European Social Fund Plus.',
        'en',
      ),
    ).toEqual({
      'funding.totalBudget': 1_200_000,
      'funding.euContribution': 720_000,
      'project.fund': 'ESF+',
    });
  });

  it('reads the EU’s part told beside the total, and the rate it is of it (en)', () => {
    expect(
      read(
        'The total eligible cost of the operation, as approved by the committee, is 2,500,000.00 Euros, with a total maximum ERDF contribution of 1,875,000.00 Euros, which is 75% of the total.',
        'en',
      ),
    ).toEqual({
      'funding.totalBudget': 2_500_000,
      'funding.euContribution': 1_875_000,
      'funding.euCofinancingRate': 75,
    });
  });

  it('reads a budget the project is said to have, and a rate it is co-financed with (en)', () => {
    expect(
      read('In total, the project has a budget of € 412.300. It runs for three years.', 'en'),
    ).toEqual({ 'funding.totalBudget': 412_300 });
    expect(
      rateInSentence(splitLines('The project is co-financed with 80% ERDF and 20% national funds.'))
        ?.value,
    ).toBe('80%');
  });

  it('never takes the part granted for the total, a sum in kronor, or a grant told in a later sentence', () => {
    expect(
      read(
        'Projektets totala kostnad är 5 miljoner kronor, varav EU beviljat 2 miljoner kronor.',
        'sv',
      ),
    ).toEqual({});
    expect(
      read(
        'The total budget is €800,000. Of which the partners finance €100,000 themselves.',
        'en',
      ),
    ).toEqual({ 'funding.totalBudget': 800_000 });
    expect(
      read('The EU grants €300,000 to the project, whose total cost is not yet known.', 'en'),
    ).toEqual({});
  });
});

describe('the EU’s co-financing rate stated in a sentence', () => {
  const rate = (text: string) => rateInSentence(splitLines(text))?.value;

  it('reads the rate a sentence gives as the project’s, in each language', () => {
    expect(
      rate('The Union pays the rest, a co-funding rate of 35.5 % of the eligible costs.'),
    ).toBe('35.5 %');
    expect(rate('Hankkeen osarahoitusaste on noin 60 prosenttia.')).toBe('60 prosenttia');
    expect(rate('Medfinansieringsgraden är 40 procent för projektet.')).toBe('40 procent');
  });

  it('never reads a ceiling as the project’s rate', () => {
    expect(
      rate('Calls allow a maximum co-financing rate of 80 % for small firms.'),
    ).toBeUndefined();
    expect(rate('Korkein osarahoitusaste on 70 %.')).toBeUndefined();
  });

  it('gives the rate only in a document that states the project’s money', () => {
    const page = [
      'Quay Renewal in the Old Harbour',
      '',
      'EU contribution',
      '€1.2M',
      'Total project cost',
      '€2.0M',
      '',
      'The EU pays €1.2M of the €2.0M, a co-financing rate of 60 %.',
    ].join('\n');
    const funding = (text: string) => extractReport(Buffer.from(text), { key: 'page.txt' }).funding;
    expect(funding(page)?.euCofinancingRate).toBe(60);
    const noMoney = 'Regional news\n\nThe new programme has a co-financing rate of 60 % for all.';
    expect(funding(noMoney)?.euCofinancingRate).toBeUndefined();
  });
});
