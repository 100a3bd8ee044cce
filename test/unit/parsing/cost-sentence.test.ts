import { describe, expect, it } from 'vitest';
import { readCostStatements } from '../../../shared/parsing/cost-sentence.ts';
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
