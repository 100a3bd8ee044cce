import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dashboardLabels, LABELS_FILE } from '../../shared/dashboard/build-labels.ts';
import { LANGUAGES } from '../../shared/schemas/report-record.ts';

const labels = dashboardLabels();

describe('dashboardLabels', () => {
  it('is what labels.json holds (run `npx tsx shared/dashboard/build-labels.ts` after a strings edit)', () => {
    const served = JSON.parse(readFileSync(LABELS_FILE, 'utf8'));

    expect(served).toEqual(JSON.parse(JSON.stringify(labels)));
  });

  it('names every field of the contract in every language, never by its path', () => {
    const paths = Object.keys(labels.units);

    expect(paths).toEqual(
      expect.arrayContaining([
        'project.code',
        'project.municipalities',
        'funding.totalBudget',
        'funding.byOrganisation.{n}.amount',
        'indicators.jobsCreated.planned',
        'horizontal.sustainability.naturalResources.direct',
        'call.deadline',
        'awards.{n}.recipient',
        'awardsStatedTotal',
      ]),
    );
    for (const language of LANGUAGES) {
      const fields: Record<string, string> = labels.languages[language]?.fields ?? {};
      for (const path of paths) {
        expect(fields[path], `${language} ${path}`).toBeTruthy();
        expect(fields[path], `${language} ${path}`).not.toMatch(/\b[a-z]+\.[a-zA-Z]+|[a-z][A-Z]/);
      }
    }
  });

  it('takes the units of the fields from the record schema', () => {
    expect(labels.units).toMatchObject({
      'funding.totalBudget': 'money',
      'funding.byOrganisation': 'items',
      'funding.byOrganisation.{n}.amount': 'money',
      'funding.euCofinancingRate': 'percent',
      'call.maxFundingRate': 'percent',
      'project.startDate': 'date',
      'call.deadline': 'dateTime',
      'project.municipalities': 'list',
      'project.fund': 'fund',
      'project.status': 'status',
      'indicators.jobsCreated.realised': 'number',
      'horizontal.genderMainstreamed': 'boolean',
      'awards.{n}.amount': 'money',
    });
  });

  it('uses the final report’s words for fields, list items and check titles', () => {
    const fi = labels.languages.fi;
    const sv = labels.languages.sv;

    expect(fi?.fields['funding.totalBudget']).toBe('Kokonaisbudjetti');
    expect(fi?.fields['indicators.jobsCreated.planned']).toBe('Uudet työpaikat: Suunniteltu');
    expect(fi?.fields['indicators.jobsCreated']).toBe('Uudet työpaikat');
    expect(sv?.fields['awards.{n}.amount']).toMatch(/^.+ \{n\}: .+$/);
    expect(sv?.checkTitles['jobs-not-collected']).toBeTruthy();
    expect(labels.languages.en?.source.page).toBe('p. {n}');
  });
});
