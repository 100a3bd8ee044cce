import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fieldName } from '../../templates/fields.ts';
import { formatterFor } from '../../templates/format.ts';
import { INDICATOR_PATHS } from '../pipeline/indicators.ts';
import {
  AwardSchema,
  CallSchema,
  DeadlineSchema,
  FundSchema,
  IsoDateSchema,
  LANGUAGES,
  type Language,
  ProjectStatusSchema,
  ReportRecordSchema,
} from '../schemas/report-record.ts';
import { en } from './strings/en.ts';
import { fi } from './strings/fi.ts';
import { sv } from './strings/sv.ts';
import type { DashboardStrings } from './strings/types.ts';

/** Run `npx tsx shared/dashboard/build-labels.ts` after editing any strings file. */
export const LABELS_FILE = join(import.meta.dirname, 'labels.json');

const UI: Record<Language, DashboardStrings> = { fi, sv, en };

/** How the dashboard shows a field's value. */
export type Unit =
  | 'money'
  | 'percent'
  | 'number'
  | 'date'
  | 'dateTime'
  | 'boolean'
  | 'fund'
  | 'status'
  | 'text'
  | 'list'
  | 'items';

/** The record's parts that hold figures and facts; checks, provenance and source are shown apart. */
const FACT_KEYS = [
  'project',
  'funding',
  'indicators',
  'horizontal',
  'call',
  'awards',
  'awardsStatedTotal',
  'awardsStatedCount',
  'applicationsReceived',
] as const;

/** Stands for a list index in a field path: `awards.{n}.amount`. */
const INDEX = '{n}';
// fieldName numbers list items from 1; this index names item 99999, which no real list reaches.
const SENTINEL = 99998;

interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  keyType?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
  entries?: Record<string, string>;
}
type Schema = { _zod: { def: Def } };

const euros = AwardSchema.shape.amount;
const percent = CallSchema.shape.maxFundingRate._zod.def.innerType;

function unitOf(schema: Schema): Unit | undefined {
  if (schema === euros) return 'money';
  if (schema === percent) return 'percent';
  if (schema === IsoDateSchema) return 'date';
  if (schema === DeadlineSchema) return 'dateTime';
  if (schema === FundSchema) return 'fund';
  if (schema === ProjectStatusSchema) return 'status';
  const type = schema._zod.def.type;
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'string') return 'text';
  return undefined;
}

/**
 * Every field path of the record's facts with its unit, and the paths of the groups between
 * (`indicators.jobsCreated`), which checks name too; walked from the record schema.
 */
export function fieldPaths(): { units: Record<string, Unit>; groups: string[] } {
  const units: Record<string, Unit> = {};
  const groups: string[] = [];
  const walk = (schema: Schema, path: string): void => {
    const def = schema._zod.def;
    if (def.type === 'optional' && def.innerType) {
      walk(def.innerType, path);
      return;
    }
    const unit = unitOf(schema);
    if (unit) {
      units[path] = unit;
      return;
    }
    if (def.type === 'object' || def.type === 'record') groups.push(path);
    if (def.type === 'object' && def.shape) {
      for (const [key, inner] of Object.entries(def.shape)) walk(inner, `${path}.${key}`);
    } else if (def.type === 'record' && def.keyType?._zod.def.entries && def.valueType) {
      for (const key of Object.keys(def.keyType._zod.def.entries))
        walk(def.valueType, `${path}.${key}`);
    } else if (def.type === 'array' && def.element) {
      const itemUnit = unitOf(def.element);
      units[path] = itemUnit ? 'list' : 'items';
      if (!itemUnit) walk(def.element, `${path}.${INDEX}`);
    }
  };
  const shape = ReportRecordSchema.shape as unknown as Record<string, Schema>;
  for (const key of FACT_KEYS) {
    const part = shape[key];
    if (part) walk(part, key);
  }
  return { units, groups };
}

function labelOf(path: string, language: Language): string | undefined {
  const own: Record<string, string> = UI[language].fields;
  const named = path.replace(INDEX, String(SENTINEL));
  const { subject, aspect } = fieldName(named, formatterFor(language));
  const label = subject === named ? own[path] : aspect ? `${subject}: ${aspect}` : subject;
  return label?.replace(String(SENTINEL + 1), INDEX);
}

function requiredLabelOf(path: string, language: Language): string {
  const label = labelOf(path, language);
  if (!label) throw new Error(`No ${language} name for the field ${path}`);
  return label;
}

/** The name of a list as a whole: its items' name without their number. */
function listLabelOf(path: string, language: Language): string {
  const { subject } = fieldName(`${path}.${SENTINEL}`, formatterFor(language));
  return subject.replace(` ${SENTINEL + 1}`, '');
}

/**
 * Everything the dashboard says, per language: its own words, and the final report's names for
 * the record's fields, kinds, funds, statuses, severities and checks, keyed by field path.
 */
export function dashboardLabels() {
  const { units, groups } = fieldPaths();
  const languages = Object.fromEntries(
    LANGUAGES.map((language) => {
      const s = formatterFor(language).strings;
      return [
        language,
        {
          ui: UI[language],
          fields: Object.fromEntries([
            ...groups.flatMap((path) => {
              const label = labelOf(path, language);
              return label ? [[path, label]] : [];
            }),
            ...Object.entries(units).map(([path, unit]) => [
              path,
              unit === 'items' ? listLabelOf(path, language) : requiredLabelOf(path, language),
            ]),
          ]),
          notStated: s.notStated,
          yes: s.yes,
          no: s.no,
          kinds: s.kinds,
          funds: s.funds,
          statuses: s.statuses,
          severities: s.checks.severities,
          checkTitles: s.checks.titles,
          checkDescriptions: s.checks.descriptions,
          otherCheck: s.checks.other,
          detail: s.checks.detail,
          checksHeading: s.checks.heading,
          noFindings: s.checks.none,
          message: s.checks.storedMessage,
          awards: {
            heading: s.awards.heading,
            recipient: s.awards.recipient,
            amount: s.awards.amount,
            note: s.awards.note,
            line: s.awards.line,
          },
          call: s.call,
          source: {
            field: s.source.field,
            value: s.facts.value,
            line: s.source.line,
            text: s.source.text,
            page: s.source.page(SENTINEL + 1).replace(String(SENTINEL + 1), INDEX),
            sha256: s.source.sha256,
          },
        },
      ];
    }),
  );
  return { units, indicatorPaths: [...INDICATOR_PATHS], languages };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(LABELS_FILE, `${JSON.stringify(dashboardLabels(), null, 2)}\n`);
}
