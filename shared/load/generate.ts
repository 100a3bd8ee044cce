import { createHash } from 'node:crypto';
import {
  FUNDS,
  type Fund,
  type Language,
  type ProjectStatus,
  type ReportRecord,
  SUSTAINABILITY_KEYS,
  type Sustainability,
} from '../schemas/report-record.ts';

/**
 * A seeded, deterministic source of realistic report records for load tests and benchmarks:
 * the same seed and project count always give the same records, byte for byte. Every record
 * passes `ReportRecordSchema`; figures are euros with cents, counts with tenths (FTE).
 */

/** One generated report version: its record, when it came in and the inbox key it came under. */
export interface GeneratedReport {
  record: ReportRecord;
  /** ISO 8601 UTC; a later version of the same project comes in later. */
  receivedAt: string;
  /** `incoming/load/<seed>/<project>/<n>.txt` */
  key: string;
  /** The project code (also `record.project.code`). */
  projectId: string;
  /** 1 for a project's first version, 2 for the new version that replaces it. */
  versionNumber: number;
}

export interface GenerateOptions {
  seed: number;
  projects: number;
  /** Share of projects that get a second, newer version (default 0.1). */
  newVersionShare?: number;
  /** Share of versions that carry a check finding (default 0.05). */
  findingShare?: number;
}

/** mulberry32: small, fast and good enough to pick realistic values. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Region {
  name: string;
  country: string;
  language: Language;
  authority: string;
  municipalities: string[];
}

/** NUTS-like regions with the authority that manages their programme and its language. */
export const LOAD_REGIONS: readonly Region[] = [
  {
    name: 'Keski-Suomi',
    country: 'FI',
    language: 'fi',
    authority: 'Keski-Suomen liitto',
    municipalities: ['Jyväskylä', 'Saarijärvi', 'Äänekoski'],
  },
  {
    name: 'Pirkanmaa',
    country: 'FI',
    language: 'fi',
    authority: 'Pirkanmaan liitto',
    municipalities: ['Tampere', 'Nokia', 'Ylöjärvi'],
  },
  {
    name: 'Lappi',
    country: 'FI',
    language: 'fi',
    authority: 'Lapin liitto',
    municipalities: ['Rovaniemi', 'Kemi', 'Tornio'],
  },
  {
    name: 'Uusimaa',
    country: 'FI',
    language: 'fi',
    authority: 'Etelä-Savon ELY-keskus',
    municipalities: ['Helsinki', 'Espoo', 'Vantaa'],
  },
  {
    name: 'Pohjois-Savo',
    country: 'FI',
    language: 'fi',
    authority: 'Etelä-Savon ELY-keskus',
    municipalities: ['Kuopio', 'Iisalmi'],
  },
  {
    name: 'Kainuu',
    country: 'FI',
    language: 'fi',
    authority: 'Kainuun liitto',
    municipalities: ['Kajaani', 'Sotkamo'],
  },
  {
    name: 'Pohjanmaa',
    country: 'FI',
    language: 'sv',
    authority: 'Österbottens förbund',
    municipalities: ['Vasa', 'Jakobstad', 'Närpes'],
  },
  {
    name: 'Åland',
    country: 'FI',
    language: 'sv',
    authority: 'Ålands landskapsregering',
    municipalities: ['Mariehamn', 'Jomala'],
  },
  {
    name: 'Övre Norrland',
    country: 'SE',
    language: 'sv',
    authority: 'Tillväxtverket',
    municipalities: ['Luleå', 'Umeå', 'Kiruna'],
  },
  {
    name: 'Mellersta Norrland',
    country: 'SE',
    language: 'sv',
    authority: 'Tillväxtverket',
    municipalities: ['Sundsvall', 'Östersund'],
  },
  {
    name: 'Västsverige',
    country: 'SE',
    language: 'sv',
    authority: 'Tillväxtverket',
    municipalities: ['Göteborg', 'Borås'],
  },
  {
    name: 'Southern and Eastern',
    country: 'IE',
    language: 'en',
    authority: 'Southern Regional Assembly',
    municipalities: ['Cork', 'Waterford'],
  },
  {
    name: 'Border, Midland and Western',
    country: 'IE',
    language: 'en',
    authority: 'Northern and Western Regional Assembly',
    municipalities: ['Galway', 'Sligo'],
  },
  {
    name: 'Malta',
    country: 'MT',
    language: 'en',
    authority: 'Planning and Priorities Coordination Division',
    municipalities: ['Valletta', 'Birkirkara'],
  },
  {
    name: 'Eesti',
    country: 'EE',
    language: 'en',
    authority: 'Riigi Tugiteenuste Keskus',
    municipalities: ['Tallinn', 'Tartu'],
  },
];

const PROGRAMMES: Record<string, Record<Language, string>> = {
  '2014-2020': {
    fi: 'Kestävää kasvua ja työtä 2014–2020 – Suomen rakennerahasto-ohjelma',
    sv: 'Hållbar tillväxt och jobb 2014–2020 – Finlands strukturfondsprogram',
    en: 'Sustainable growth and jobs 2014–2020',
  },
  '2021-2027': {
    fi: 'Uudistuva ja osaava Suomi 2021–2027',
    sv: 'Ett förnyande och kompetent Finland 2021–2027',
    en: 'Innovation and skills 2021–2027',
  },
};

const AXES: Record<Language, string[]> = {
  fi: [
    '1 Pk-yritysten kilpailukyky',
    '2 Uuden tiedon ja osaamisen tuottaminen',
    '3 Vähähiilisen talouden edistäminen',
    '4 Työllisyys ja työvoiman liikkuvuus',
    '5 Koulutus, ammattitaito ja elinikäinen oppiminen',
  ],
  sv: [
    '1 Små och medelstora företags konkurrenskraft',
    '2 Produktion och användning av ny kunskap',
    '3 Främjande av en koldioxidsnål ekonomi',
    '4 Sysselsättning och arbetskraftens rörlighet',
    '5 Utbildning, yrkesskicklighet och livslångt lärande',
  ],
  en: [
    '1 Competitiveness of SMEs',
    '2 Producing and using new knowledge',
    '3 Low-carbon economy',
    '4 Employment and labour mobility',
    '5 Education, skills and lifelong learning',
  ],
};

const NAME_PARTS: Record<Language, [string[], string[]]> = {
  fi: [
    ['Älykäs', 'Kestävä', 'Digitaalinen', 'Vihreä', 'Osaava', 'Uudistuva'],
    ['matkailu', 'metsäteollisuus', 'energiamurros', 'yrittäjyys', 'kiertotalous', 'työllisyys'],
  ],
  sv: [
    ['Smart', 'Hållbar', 'Digital', 'Grön', 'Kunnig', 'Förnyande'],
    [
      'turism',
      'skogsindustri',
      'energiomställning',
      'företagande',
      'cirkulär ekonomi',
      'sysselsättning',
    ],
  ],
  en: [
    ['Smart', 'Sustainable', 'Digital', 'Green', 'Skilled', 'Renewing'],
    [
      'tourism',
      'forest industry',
      'energy transition',
      'entrepreneurship',
      'circular economy',
      'employment',
    ],
  ],
};

const BENEFICIARY_FORMS: Record<Language, string[]> = {
  fi: ['Oy', 'ry', 'kuntayhtymä', 'ammattikorkeakoulu'],
  sv: ['Ab', 'rf', 'samkommun', 'yrkeshögskola'],
  en: ['Ltd', 'Association', 'County Council', 'Institute of Technology'],
};

/** Funds weighted as programmes use them: most projects are ERDF or ESF(+). */
const FUND_WEIGHTS: Array<[Fund, number]> = [
  ['ERDF', 40],
  ['ESF', 15],
  ['ESF+', 15],
  ['JTF', 8],
  ['CF', 4],
  ['EAFRD', 6],
  ['EMFF', 2],
  ['INTERREG', 8],
  ['OTHER', 2],
];

const KINDS: Array<[ReportRecord['kind'], number]> = [
  ['project-description', 70],
  ['project-page', 20],
  ['research-project', 10],
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weighted<T>(random: () => number, items: ReadonlyArray<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return (items[items.length - 1] as [T, number])[0];
}

/** Euros with cents, from a whole number of cents: exact in binary64 as written. */
function euros(cents: number): number {
  return Number((cents / 100).toFixed(2));
}

function tenths(value: number): number {
  return Number(value.toFixed(1));
}

function isoDate(random: () => number, fromYear: number, span: number): string {
  const year = fromYear + Math.floor(random() * span);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface ProjectPlan {
  code: string;
  language: Language;
  region: Region;
  fund: Fund;
  period: '2014-2020' | '2021-2027';
  axis: string;
  name: string;
  beneficiary: string;
  businessId: string;
  kind: ReportRecord['kind'];
  startDate: string;
  endDate: string;
  budgetCents: number;
  rate: number;
}

function planProject(random: () => number, seed: number, index: number): ProjectPlan {
  const region = pick(random, LOAD_REGIONS);
  // Most documents are in the region's language; some are English summaries.
  const language: Language = random() < 0.15 ? 'en' : region.language;
  const period = random() < 0.45 ? '2014-2020' : '2021-2027';
  const fund = weighted(
    random,
    FUND_WEIGHTS.filter(([f]) =>
      period === '2014-2020' ? f !== 'ESF+' && f !== 'JTF' : f !== 'ESF',
    ),
  );
  const [adjectives, nouns] = NAME_PARTS[language];
  const place = pick(random, region.municipalities);
  const name = `${pick(random, adjectives)} ${pick(random, nouns)} – ${place}`;
  const beneficiary = `${place} ${pick(random, nouns)} ${pick(random, BENEFICIARY_FORMS[language])}`;
  const startYear = period === '2014-2020' ? 2015 : 2022;
  const startDate = isoDate(random, startYear, 4);
  const endDate = isoDate(random, Number(startDate.slice(0, 4)) + 1, 3);
  const budgetCents = 2_000_000 + Math.floor(random() * 250_000_000);
  const rate = pick(random, [40, 50, 60, 70, 75, 80]);
  const checkDigit = (seed * 7 + index * 13) % 10;
  return {
    code: `${period === '2014-2020' ? 'A' : 'S'}${String(seed % 100).padStart(2, '0')}${String(index).padStart(7, '0')}`,
    language,
    region,
    fund,
    period,
    axis: pick(random, AXES[language]),
    name,
    beneficiary,
    businessId: `${String(1_000_000 + ((index * 7919 + seed) % 8_999_999)).padStart(7, '0')}-${checkDigit}`,
    kind: weighted(random, KINDS),
    startDate,
    endDate,
    budgetCents,
    rate,
  };
}

const LABELS: Record<Language, Record<string, string>> = {
  fi: {
    'project.code': 'Hankekoodi',
    'project.name': 'Hankkeen nimi',
    'funding.totalBudget': 'Kokonaisbudjetti',
    'funding.euContribution': 'EU-rahoitus',
    'funding.publicPlanned': 'Suunniteltu julkinen rahoitus',
    'funding.publicRealised': 'Toteutunut julkinen rahoitus',
    'indicators.jobsCreated.planned': 'Uudet työpaikat, tavoite',
    'indicators.jobsCreated.realised': 'Uudet työpaikat, toteutunut',
    'indicators.enterprisesCreated.planned': 'Uudet yritykset, tavoite',
    'indicators.enterprisesCreated.realised': 'Uudet yritykset, toteutunut',
  },
  sv: {
    'project.code': 'Projektkod',
    'project.name': 'Projektets namn',
    'funding.totalBudget': 'Total budget',
    'funding.euContribution': 'EU-finansiering',
    'funding.publicPlanned': 'Planerad offentlig finansiering',
    'funding.publicRealised': 'Förverkligad offentlig finansiering',
    'indicators.jobsCreated.planned': 'Nya arbetsplatser, mål',
    'indicators.jobsCreated.realised': 'Nya arbetsplatser, förverkligat',
    'indicators.enterprisesCreated.planned': 'Nya företag, mål',
    'indicators.enterprisesCreated.realised': 'Nya företag, förverkligat',
  },
  en: {
    'project.code': 'Project code',
    'project.name': 'Project name',
    'funding.totalBudget': 'Total budget',
    'funding.euContribution': 'EU contribution',
    'funding.publicPlanned': 'Planned public funding',
    'funding.publicRealised': 'Realised public funding',
    'indicators.jobsCreated.planned': 'New jobs, target',
    'indicators.jobsCreated.realised': 'New jobs, realised',
    'indicators.enterprisesCreated.planned': 'New enterprises, target',
    'indicators.enterprisesCreated.realised': 'New enterprises, realised',
  },
};

const FINDING: Record<Language, string> = {
  fi: 'Toteutunut julkinen rahoitus on suurempi kuin suunniteltu',
  sv: 'Den förverkligade offentliga finansieringen är större än den planerade',
  en: 'Realised public funding is greater than planned',
};

function recordOf(
  random: () => number,
  plan: ProjectPlan,
  seed: number,
  versionNumber: number,
  withFinding: boolean,
): ReportRecord {
  const { language } = plan;
  const status: ProjectStatus =
    versionNumber > 1 ? 'ended' : pick(random, ['planned', 'ongoing', 'ongoing', 'ended'] as const);
  const budget = plan.budgetCents;
  const euCents = Math.round((budget * plan.rate) / 100);
  const publicPlannedCents = Math.round(budget * 0.9);
  const progress =
    status === 'planned' ? 0 : status === 'ongoing' ? 0.2 + random() * 0.6 : 0.85 + random() * 0.1;
  const publicRealisedCents = withFinding
    ? publicPlannedCents + 1 + Math.floor(random() * 1_000_000)
    : Math.round(publicPlannedCents * progress);
  const jobsPlanned = tenths(random() * 40);
  const enterprisesPlanned = Math.floor(random() * 12);
  const realisedShare = status === 'planned' ? 0 : progress;
  const jobsRealised = tenths(jobsPlanned * realisedShare * (0.6 + random() * 0.8));
  const enterprisesRealised = Math.floor(enterprisesPlanned * realisedShare * (0.5 + random()));
  const funding = {
    totalBudget: euros(budget),
    euContribution: euros(euCents),
    euCofinancingRate: plan.rate,
    publicPlanned: euros(publicPlannedCents),
    ...(status === 'planned' ? {} : { publicRealised: euros(publicRealisedCents) }),
    ...(random() < 0.6
      ? {
          euAndStateGranted: euros(Math.round(budget * 0.85)),
          ...(status === 'planned'
            ? {}
            : { euAndStateRealised: euros(Math.round(budget * 0.85 * progress)) }),
        }
      : {}),
  };
  const indicators = {
    jobsCreated: {
      planned: jobsPlanned,
      plannedWomen: tenths(jobsPlanned * (0.3 + random() * 0.4)),
      ...(status === 'planned'
        ? {}
        : { realised: jobsRealised, realisedWomen: tenths(jobsRealised * (0.3 + random() * 0.4)) }),
    },
    ...(plan.kind === 'research-project'
      ? {}
      : {
          enterprisesCreated: {
            planned: enterprisesPlanned,
            ...(status === 'planned' ? {} : { realised: enterprisesRealised }),
          },
        }),
  };
  const sustainability: Sustainability = {};
  for (const key of SUSTAINABILITY_KEYS) {
    if (random() < 0.7) {
      sustainability[key] = {
        direct: Math.floor(random() * 11),
        indirect: Math.floor(random() * 11),
      };
    }
  }
  const labels = LABELS[language];
  const provenance: ReportRecord['provenance'] = {};
  let line = 3;
  const cite = (path: string, value: string | number | undefined) => {
    if (value === undefined) return;
    const label = labels[path];
    if (!label) return;
    provenance[path] = { line, text: `${label}\t${value}` };
    line += 2;
  };
  cite('project.code', plan.code);
  cite('project.name', plan.name);
  for (const [path, value] of Object.entries(funding)) cite(`funding.${path}`, value);
  cite('indicators.jobsCreated.planned', indicators.jobsCreated.planned);
  cite('indicators.jobsCreated.realised', indicators.jobsCreated.realised);
  cite('indicators.enterprisesCreated.planned', indicators.enterprisesCreated?.planned);
  cite('indicators.enterprisesCreated.realised', indicators.enterprisesCreated?.realised);
  const sha256 = createHash('sha256')
    .update(`load:${seed}:${plan.code}:${versionNumber}`)
    .digest('hex');
  return {
    kind: plan.kind,
    language,
    project: {
      code: plan.code,
      name: plan.name,
      beneficiary: plan.beneficiary,
      businessId: plan.businessId,
      fund: plan.fund,
      programme: (PROGRAMMES[plan.period] as Record<Language, string>)[language],
      priorityAxis: plan.axis,
      programmingPeriod: plan.period,
      managingAuthority: plan.region.authority,
      country: plan.region.country,
      region: plan.region.name,
      municipalities: plan.region.municipalities.slice(0, 1 + Math.floor(random() * 2)),
      startDate: plan.startDate,
      endDate: plan.endDate,
      status,
    },
    funding,
    indicators,
    horizontal: {
      genderAnalysisDone: random() < 0.6,
      genderMainstreamed: random() < 0.5,
      genderEqualityMainGoal: random() < 0.1,
      sustainability,
    },
    checks: withFinding
      ? [
          {
            id: 'funding.realised-over-planned',
            severity: 'warning',
            message: FINDING[language],
            fields: ['funding.publicRealised', 'funding.publicPlanned'],
          },
        ]
      : [],
    provenance,
    source: {
      key: `incoming/load/${seed}/${plan.code}/${versionNumber}.txt`,
      sha256,
      bytes: 4_000 + Math.floor(random() * 12_000),
      encoding: 'utf-8',
      format: 'text',
      parser: 'load-generator',
      parserVersion: '1',
    },
  };
}

/**
 * Yields `projects` projects' report versions in the order they come in: every project's first
 * version, with some projects' new version (status ended, realised figures) among the later ones.
 */
export function* generateRecords(options: GenerateOptions): Generator<GeneratedReport> {
  const { seed, projects } = options;
  const newVersionShare = options.newVersionShare ?? 0.1;
  const findingShare = options.findingShare ?? 0.05;
  const random = seededRandom(seed);
  const start = Date.UTC(2026, 0, 5, 8, 0, 0);
  const pending: Array<{ plan: ProjectPlan; due: number }> = [];
  const emit = (plan: ProjectPlan, versionNumber: number, at: number): GeneratedReport => {
    const record = recordOf(random, plan, seed, versionNumber, random() < findingShare);
    return {
      record,
      receivedAt: new Date(start + at * 1000).toISOString(),
      key: record.source.key,
      projectId: plan.code,
      versionNumber,
    };
  };
  let clock = 0;
  for (let index = 0; index < projects; index++) {
    const plan = planProject(random, seed, index);
    clock += 1;
    yield emit(plan, 1, clock);
    if (random() < newVersionShare) {
      pending.push({ plan, due: index + 1 + Math.floor(random() * 50) });
    }
    while (pending.length > 0 && (pending[0] as { due: number }).due <= index) {
      const next = pending.shift() as { plan: ProjectPlan };
      clock += 1;
      yield emit(next.plan, 2, clock);
    }
  }
  for (const { plan } of pending) {
    clock += 1;
    yield emit(plan, 2, clock);
  }
}

/** Every fund the contract names, for callers that list them. */
export const LOAD_FUNDS: readonly Fund[] = FUNDS;
