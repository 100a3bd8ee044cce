import { describe, expect, it } from 'vitest';
import { fieldName, fieldNames } from '../../../templates/fields.ts';
import { formatterFor } from '../../../templates/format.ts';

const fi = formatterFor('fi');
const en = formatterFor('en');

describe('fieldName', () => {
  it.each([
    ['project.businessId', { subject: 'Business ID' }],
    ['project.startDate', { subject: 'Start date' }],
    ['funding.euAndStateGranted', { subject: 'EU and national funding granted' }],
    ['funding.publicRealised', { subject: 'Public funding realised' }],
    ['funding.byOrganisation.0.amount', { subject: 'Funding by organisation 1', aspect: 'Amount' }],
    [
      'indicators.jobsCreated.realisedWomen',
      { subject: 'New jobs', aspect: 'Realised, of which women' },
    ],
    ['horizontal.genderMainstreamed', { subject: 'Gender equality mainstreamed in the project' }],
    [
      'horizontal.sustainability.natura2000.direct',
      { subject: 'Natura 2000 sites', aspect: 'Direct effect' },
    ],
    ['call.deadline', { subject: 'Applications close' }],
    ['awards.2.recipient', { subject: 'Awarded grants 3', aspect: 'Recipient' }],
    ['awardsStatedTotal', { subject: 'Total amount', aspect: 'Stated' }],
    ['applicationsReceived', { subject: 'Applications received' }],
    ['some.future.field', { subject: 'some.future.field' }],
  ])('names %s in the document language', (path, expected) => {
    expect(fieldName(path, en)).toEqual(expected);
  });
});

describe('fieldNames', () => {
  it('joins the figures of one subject and separates subjects', () => {
    expect(
      fieldNames(
        [
          'indicators.jobsCreated.realised',
          'indicators.jobsCreated.realisedWomen',
          'project.programme',
        ],
        fi,
      ),
    ).toBe('Uudet työpaikat: Toteutunut, Toteutunut, josta naisia; Ohjelma');
  });
});
