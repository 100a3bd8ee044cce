import {
  INDICATOR_KEYS,
  type IndicatorKey,
  SUSTAINABILITY_KEYS,
  type SustainabilityKey,
} from '../shared/schemas/report-record.ts';
import type { Formatter } from './format.ts';

/** A field's name in the document's language: what it is about, and which figure of it. */
export interface FieldName {
  subject: string;
  aspect?: string;
}

function isIndicator(key: string | undefined): key is IndicatorKey {
  return (INDICATOR_KEYS as readonly string[]).includes(key ?? '');
}

function isSustainability(key: string | undefined): key is SustainabilityKey {
  return (SUSTAINABILITY_KEYS as readonly string[]).includes(key ?? '');
}

function lookup(table: Record<string, unknown>, key: string | undefined): string | undefined {
  const value = key === undefined ? undefined : table[key];
  return typeof value === 'string' ? value : undefined;
}

function listItem(list: string, index: string | undefined, figure: string | undefined): FieldName {
  return { subject: `${list} ${Number(index) + 1}`, ...(figure ? { aspect: figure } : {}) };
}

/** Names a record field path (`funding.publicRealised`, `awards.3.amount`); unknown paths as is. */
export function fieldName(path: string, f: Formatter): FieldName {
  const s = f.strings;
  const [head, a, b, c] = path.split('.');
  const indicatorFigure: Record<string, string> = {
    planned: s.indicators.planned,
    plannedWomen: `${s.indicators.planned}, ${s.indicators.plannedWomen}`,
    realised: s.indicators.realised,
    realisedWomen: `${s.indicators.realised}, ${s.indicators.realisedWomen}`,
  };
  const money: Record<string, string> = {
    euAndStateGranted: s.keyFigures.granted,
    euAndStateRealised: s.keyFigures.realised,
  };
  let name: FieldName | undefined;
  if (head === 'project') {
    const label = lookup(s.project, a);
    name = label ? { subject: label } : undefined;
  } else if (head === 'funding' && a === 'byOrganisation') {
    name = listItem(s.funding.byOrganisation, b, lookup(s.funding, c));
  } else if (head === 'funding') {
    const label = money[a ?? ''] ?? lookup(s.funding, a);
    name = label ? { subject: label } : undefined;
  } else if (head === 'indicators' && isIndicator(a)) {
    name = {
      subject: s.indicators[a],
      ...(b && indicatorFigure[b] ? { aspect: indicatorFigure[b] } : {}),
    };
  } else if (head === 'horizontal' && a === 'sustainability' && isSustainability(b)) {
    const figure =
      c === 'direct' ? s.horizontal.direct : c === 'indirect' ? s.horizontal.indirect : c;
    name = { subject: s.horizontal.categories[b], ...(figure ? { aspect: figure } : {}) };
  } else if (head === 'horizontal') {
    const label = lookup(s.horizontal, a);
    name = label ? { subject: label } : undefined;
  } else if (head === 'call') {
    const label = lookup(s.call, a);
    name = label ? { subject: label } : undefined;
  } else if (head === 'awards') {
    name = listItem(s.awards.heading, a, lookup(s.awards, b));
  } else if (head === 'awardsStatedTotal') {
    name = { subject: s.reconciliation.total, aspect: s.reconciliation.stated };
  } else if (head === 'awardsStatedCount') {
    name = { subject: s.reconciliation.count, aspect: s.reconciliation.stated };
  } else if (head === 'applicationsReceived') {
    name = { subject: s.reconciliation.applicationsReceived };
  }
  return name ?? { subject: path };
}

/** Names several fields read from one line: `Subject: aspect, aspect; Other subject`. */
export function fieldNames(paths: string[], f: Formatter): string {
  const subjects = new Map<string, string[]>();
  for (const path of paths) {
    const { subject, aspect } = fieldName(path, f);
    const aspects = subjects.get(subject) ?? [];
    if (aspect && !aspects.includes(aspect)) aspects.push(aspect);
    subjects.set(subject, aspects);
  }
  return [...subjects]
    .map(([subject, aspects]) => (aspects.length ? `${subject}: ${aspects.join(', ')}` : subject))
    .join('; ');
}
