import { describe, expect, it } from 'vitest';
import { ReportRecordSchema } from '../../../shared/schemas/report-record.ts';
import { extractFile, seedPath } from '../../helpers/fixtures.ts';

describe('seed 000: Kohesio project page', () => {
  const record = extractFile(seedPath('000_'));

  it('states every project and funding field the page gives', () => {
    expect(record.kind).toBe('project-page');
    expect(record.language).toBe('en');
    expect(record.project).toEqual({
      name: 'People-centred Digital Municipality (IDK)',
      acronym: 'IDK',
      fund: 'ESF',
      programmingPeriod: '2014-2021',
      managingAuthority:
        'työ- ja elinkeinoministeriö, yritys- ja alueosaston rakennerahastot ja koheesiopolitiikka -ryhmä',
      country: 'FI',
      startDate: '2020-01-01',
      endDate: '2022-12-31',
      summary: expect.stringMatching(
        /^The economy of Finland and the world.*through a partnership network\.$/su,
      ),
    });
    expect(record.funding).toEqual({
      totalBudget: 1532910,
      euContribution: 350000,
      euCofinancingRate: 22.83,
    });
  });

  it('finds the co-financing rate consistent and leaves unstated fields absent', () => {
    expect(record.checks).toEqual([]);
    expect(record.project?.status).toBeUndefined();
    expect(record.project?.code).toBeUndefined();
  });

  it('records the source line of each figure', () => {
    expect(record.provenance['project.startDate']).toEqual({
      line: 4,
      text: 'Start date: 1 January 2020',
    });
    expect(record.provenance['funding.totalBudget']?.line).toBe(8);
    expect(record.provenance['funding.euCofinancingRate']?.line).toBe(9);
    expect(record.provenance['project.name']?.line).toBe(14);
    expect(record.provenance['project.country']?.line).toBe(18);
  });
});

describe('seed 001: research-portal project page', () => {
  const record = extractFile(seedPath('001_'));

  it('reads label-glued fields and a date run', () => {
    expect(record.kind).toBe('research-project');
    expect(record.language).toBe('fi');
    expect(record.project).toEqual({
      name: 'NPA-alueiden julkisen sektorin digitaalisten innovaatiokyvykkyyksien rakentaminen',
      acronym: 'INNOCAP',
      status: 'ended',
      summary: expect.stringMatching(
        /^NPA-alueen \(Northern Periphery and Arctic\).*tutkimusorganisaatioiden yhteistyöhön\.$/su,
      ),
      startDate: '2021-12-18',
      endDate: '2022-06-30',
    });
    expect(record.funding).toEqual({
      byOrganisation: [{ organisation: 'ERNACT EEIG', amount: 16250 }],
    });
  });

  it('does not take the programme period of a future application as this project’s', () => {
    expect(record.project?.programmingPeriod).toBeUndefined();
    expect(record.project?.fund).toBeUndefined();
  });

  it('records provenance lines', () => {
    expect(record.provenance['project.acronym']?.line).toBe(18);
    expect(record.provenance['project.status']?.line).toBe(19);
    expect(record.provenance['project.endDate']).toEqual({
      line: 20,
      text: 'Todellinen alku/loppupvm18/12/202130/06/2022',
    });
    expect(record.provenance['funding.byOrganisation.0.amount']?.line).toBe(24);
  });
});

describe('seed 002: Swedish funding call', () => {
  const record = extractFile(seedPath('002_'));

  it('reads the deadline in Finnish time, the funding rate and the applicants', () => {
    expect(record.kind).toBe('funding-call');
    expect(record.language).toBe('sv');
    expect(record.call).toEqual({
      deadline: '2017-09-15T16:15:00+03:00',
      maxFundingRate: 70,
      applicants: 'kommuner som redan deltar i digikommunförsöket eller som ansluter sig till det',
    });
  });

  it('does not take the publication date as the deadline', () => {
    expect(record.call?.deadline).not.toContain('2017-08-24');
    expect(record.provenance['call.deadline']?.line).toBe(26);
    expect(record.provenance['call.maxFundingRate']?.line).toBe(24);
    expect(record.provenance['call.applicants']?.line).toBe(14);
  });
});

describe('seed 003: Swedish grant decisions', () => {
  const record = extractFile(seedPath('003_'));

  it('lists one award per awarded amount, two for a recipient with two projects', () => {
    expect(record.kind).toBe('grant-decisions');
    expect(record.language).toBe('sv');
    expect(record.awards).toHaveLength(24);
    expect(record.awards?.[0]).toEqual({ recipient: 'Esbo stad', amount: 280500 });
    expect(record.awards?.filter((a) => a.recipient === 'Lahtis stad')).toEqual([
      { recipient: 'Lahtis stad', amount: 500000, note: 'två olika projekt' },
      { recipient: 'Lahtis stad', amount: 178500, note: 'två olika projekt' },
    ]);
    expect(record.awards?.at(-1)).toEqual({ recipient: 'Virdois stad', amount: 438634 });
    expect(record.awards?.reduce((sum, a) => sum + a.amount, 0)).toBe(8623231);
  });

  it('reads the stated total, count and applications, and reconciles them within rounding', () => {
    expect(record.awardsStatedTotal).toBe(8620000);
    expect(record.awardsStatedCount).toBe(24);
    expect(record.applicationsReceived).toBe(49);
    expect(record.checks).toEqual([]);
  });

  it('records provenance lines', () => {
    expect(record.provenance.awardsStatedTotal?.line).toBe(11);
    expect(record.provenance['awards.0.amount']?.line).toBe(32);
    expect(record.provenance['awards.8.amount']?.line).toBe(39);
  });
});

describe('seed 004: EURA 2014 project description', () => {
  const record = extractFile(seedPath('004_'));

  it('reads the project block, applicant and geography', () => {
    expect(record.kind).toBe('project-description');
    expect(record.language).toBe('fi');
    expect(record.project).toEqual({
      code: 'A77892',
      name: 'Digikeskus',
      beneficiary: 'Viitasaaren kaupunki',
      businessId: '0208573-0',
      fund: 'ERDF',
      programme: 'REACT-EU',
      priorityAxis: '8. REACT-EU:n EAKR-toimenpiteet',
      specificObjective:
        '12.2. Tutkimus- ja innovaatiotoiminnan kehittäminen erityisesti digitalisaation edistämisen ja yhteiskunnan hiilineutraalisuustavoitteen toteutumisen näkökulmasta',
      managingAuthority: 'Pirkanmaan liitto',
      region: 'Keski-Suomi',
      subRegion: 'Saarijärven-Viitasaaren',
      municipalities: ['Viitasaari'],
      startDate: '2021-09-01',
      endDate: '2023-08-31',
      status: 'ended',
      // The final report's own summary (section 9), not the plan's (section 3).
      summary: expect.stringMatching(
        /^Viitasaaren kaupungin 1\.9\.2021-31\.8\.2023 hallinnoimassa.*TKI-toimintaa alueelle\.$/su,
      ),
    });
  });

  it('reads public funding and indicators, fractional FTEs included', () => {
    expect(record.funding).toEqual({
      euAndStateGranted: 336123,
      euAndStateRealised: 319949,
      publicPlanned: 420153,
      publicRealised: 399936,
    });
    expect(record.indicators).toEqual({
      jobsCreated: { planned: 0, plannedWomen: 0, realised: 3.7, realisedWomen: 1.6 },
      enterprisesCreated: { planned: 0, plannedWomen: 0, realised: 0, realisedWomen: 0 },
    });
  });

  it('reads the gender answers and all fifteen sustainability scores', () => {
    expect(record.horizontal?.genderAnalysisDone).toBe(false);
    expect(record.horizontal?.genderMainstreamed).toBe(true);
    expect(record.horizontal?.genderEqualityMainGoal).toBe(false);
    expect(record.horizontal?.sustainability).toEqual({
      naturalResources: { direct: 7, indirect: 7 },
      climateRisks: { direct: 3, indirect: 4 },
      biodiversity: { direct: 0, indirect: 1 },
      waterSoilAir: { direct: 2, indirect: 3 },
      natura2000: { direct: 0, indirect: 0 },
      materialsAndWaste: { direct: 9, indirect: 9 },
      renewableEnergy: { direct: 0, indirect: 1 },
      localEconomy: { direct: 7, indirect: 8 },
      intangibleServices: { direct: 8, indirect: 7 },
      mobilityLogistics: { direct: 4, indirect: 2 },
      wellbeing: { direct: 5, indirect: 2 },
      equality: { direct: 6, indirect: 2 },
      socialInclusion: { direct: 3, indirect: 0 },
      culturalEnvironment: { direct: 3, indirect: 1 },
      environmentalExpertise: { direct: 0, indirect: 1 },
    });
  });

  it('flags jobs realised without a plan and jobs reported for an objective that does not collect them', () => {
    expect(record.checks.map((c) => [c.id, c.severity])).toEqual([
      ['realised-without-plan', 'warning'],
      ['jobs-not-collected', 'warning'],
    ]);
  });

  it('never extracts the contact person', () => {
    expect(JSON.stringify(record)).not.toMatch(/Honkanen|tiina\.honkanen|459 7301/);
  });

  it('records provenance lines and source identity', () => {
    expect(record.provenance['project.code']).toEqual({ line: 7, text: 'Hankekoodi: A77892' });
    expect(record.provenance['project.businessId']?.line).toBe(27);
    expect(record.provenance['funding.euAndStateGranted']?.line).toBe(79);
    expect(record.provenance['project.municipalities']?.line).toBe(93);
    expect(record.provenance['indicators.jobsCreated.realisedWomen']?.line).toBe(109);
    expect(record.provenance['indicators.enterprisesCreated.realised']?.line).toBe(115);
    expect(record.provenance['horizontal.sustainability.naturalResources.direct']?.line).toBe(132);
    expect(record.source).toMatchObject({
      key: '004_c272ed91a4645a04.txt',
      bytes: 16669,
      encoding: 'utf-8',
      parser: 'project-description',
    });
    expect(record.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('every seed', () => {
  it.each(['000_', '001_', '002_', '003_', '004_'])(
    '%s gives a record the schema accepts',
    (prefix) => {
      const record = extractFile(seedPath(prefix));

      expect(ReportRecordSchema.safeParse(record).success).toBe(true);
      for (const [path, entry] of Object.entries(record.provenance)) {
        expect(entry.line, path).toBeGreaterThan(0);
        expect(entry.text.length, path).toBeGreaterThan(0);
      }
    },
  );
});
