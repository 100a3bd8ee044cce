import type { DocumentKind, ReportRecord } from '../schemas/report-record.ts';

/**
 * One project, many documents: a Kohesio-like page, a EURA export, a grant-decision row and a
 * final report about the same project are linked to one project, each link with its reason and
 * confidence. Pure and deterministic: the same documents in any order give the same projects.
 */

export const LINK_REASONS = [
  'project-code',
  'project-code-in-award',
  'business-id-and-name',
  'name-and-organisation',
  'award-recipient-and-name',
] as const;
export type LinkReason = (typeof LINK_REASONS)[number];
export type LinkConfidence = 'high' | 'medium' | 'low';

const CONFIDENCE: Record<LinkReason, LinkConfidence> = {
  'project-code': 'high',
  'project-code-in-award': 'high',
  'business-id-and-name': 'medium',
  'name-and-organisation': 'low',
  'award-recipient-and-name': 'low',
};
const RANK: Record<LinkConfidence, number> = { high: 0, medium: 1, low: 2 };

/** A document (or one award row of a grant-decision list) that may be about a project. */
export interface LinkDocument {
  /** Stable id: the report version's sha256, with `#award-<n>` for an award row. */
  id: string;
  kind: DocumentKind | 'award';
  /** The project id the pipeline gave it, where it gave one (`A77892`, `name:…`). */
  projectId?: string | undefined;
  code?: string | undefined;
  name?: string | undefined;
  acronym?: string | undefined;
  organisation?: string | undefined;
  businessId?: string | undefined;
  /** Free text of an award row (its note), searched for a code or a project name. */
  text?: string | undefined;
}

export interface Link {
  /** The two documents, the smaller id first. */
  from: string;
  to: string;
  reason: LinkReason;
  confidence: LinkConfidence;
  /** What matched, in words: `code A77892`, `business id 0208573-0 and name "digikeskus"`. */
  detail: string;
}

export interface LinkedProject {
  /** The project's code where one is known, else the pipeline's id of its first document. */
  key: string;
  code?: string;
  /** Ids of its documents, sorted. */
  documents: string[];
  /** The links that joined them, strongest first. */
  links: Link[];
  /** Links not made because the two sides state different project codes. */
  refused: Link[];
}

const ORGANISATION_FORMS = new Set([
  'oy',
  'oyj',
  'ab',
  'abp',
  'ry',
  'rf',
  'ltd',
  'limited',
  'inc',
  'gmbh',
  'sa',
  'ky',
  'tmi',
  'osk',
  'sr',
  'plc',
  'llc',
]);

/** Lower-case words without accents or punctuation: `"Digikeskus" – vaihe II` → `digikeskus vaihe ii`. */
export function normaliseName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** An organisation's name without its legal form: `Jyväskylän Yliopisto Oy` → `jyvaskylan yliopisto`. */
export function normaliseOrganisation(text: string): string {
  return normaliseName(text)
    .split(' ')
    .filter((w) => !ORGANISATION_FORMS.has(w))
    .join(' ');
}

/** A project code compared as the programme writes it: no spaces, upper case. */
export function normaliseCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];

/** A Finnish business id (Y-tunnus) in `1234567-8` form with a valid check digit, else undefined. */
export function normaliseBusinessId(text: string): string | undefined {
  const match = /^(?:FI)?\s*(\d{6,7})\s*-?\s*(\d)$/i.exec(text.trim());
  if (!match) return undefined;
  const body = (match[1] ?? '').padStart(7, '0');
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (WEIGHTS[i] ?? 0), 0);
  const remainder = sum % 11;
  if (remainder === 1) return undefined;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check === Number(match[2]) ? `${body}-${check}` : undefined;
}

/** Words that tell two otherwise equal names apart: numbers, phases, Roman numerals. */
const DISTINGUISHING = /^(?:\d+|i{1,3}|iv|v|vi{0,3}|ix|x)$/;

/** Two project names are the same name: equal, or the same words but for filler, with the same numbers. */
export function sameProjectName(a: string, b: string): boolean {
  const x = normaliseName(a);
  const y = normaliseName(b);
  if (x === '' || y === '') return false;
  if (x === y) return true;
  const wa = new Set(x.split(' '));
  const wb = new Set(y.split(' '));
  const numbersA = [...wa].filter((w) => DISTINGUISHING.test(w)).sort();
  const numbersB = [...wb].filter((w) => DISTINGUISHING.test(w)).sort();
  if (numbersA.join(' ') !== numbersB.join(' ')) return false;
  const shared = [...wa].filter((w) => wb.has(w)).length;
  return shared / new Set([...wa, ...wb]).size >= 0.8;
}

/** The documents a report record stands for: itself, or one per award row of a decision list. */
export function documentsOf(
  sha256: string,
  record: ReportRecord,
  projectId?: string,
): LinkDocument[] {
  if (record.kind === 'grant-decisions') {
    return (record.awards ?? []).map((award, i) => ({
      id: `${sha256}#award-${i + 1}`,
      kind: 'award',
      organisation: award.recipient,
      ...(award.note ? { text: award.note } : {}),
    }));
  }
  const p = record.project ?? {};
  return [
    {
      id: sha256,
      kind: record.kind,
      ...(projectId ? { projectId } : {}),
      ...(p.code ? { code: p.code } : {}),
      ...(p.name ? { name: p.name } : {}),
      ...(p.acronym ? { acronym: p.acronym } : {}),
      ...(p.beneficiary ? { organisation: p.beneficiary } : {}),
      ...(p.businessId ? { businessId: p.businessId } : {}),
    },
  ];
}

function containsWords(haystack: string, needle: string): boolean {
  const h = ` ${normaliseName(haystack)} `;
  const n = normaliseName(needle);
  return n.length >= 4 && h.includes(` ${n} `);
}

function candidateLinks(documents: LinkDocument[]): Link[] {
  const links: Link[] = [];
  const add = (a: LinkDocument, b: LinkDocument, reason: LinkReason, detail: string) => {
    const [from, to] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
    links.push({ from, to, reason, confidence: CONFIDENCE[reason], detail });
  };
  const projects = documents.filter((d) => d.kind !== 'award');
  const awards = documents.filter((d) => d.kind === 'award');

  const byCode = new Map<string, LinkDocument[]>();
  const byBusinessId = new Map<string, LinkDocument[]>();
  const byOrganisation = new Map<string, LinkDocument[]>();
  for (const d of projects) {
    if (d.code)
      byCode.set(normaliseCode(d.code), [...(byCode.get(normaliseCode(d.code)) ?? []), d]);
    const id = d.businessId ? normaliseBusinessId(d.businessId) : undefined;
    if (id) byBusinessId.set(id, [...(byBusinessId.get(id) ?? []), d]);
    const org = d.organisation ? normaliseOrganisation(d.organisation) : '';
    if (org) byOrganisation.set(org, [...(byOrganisation.get(org) ?? []), d]);
  }
  for (const [code, group] of byCode) {
    for (let i = 1; i < group.length; i++) {
      const first = group[0];
      const other = group[i];
      if (first && other) add(first, other, 'project-code', `code ${code}`);
    }
  }
  const pairsWithin = (
    group: LinkDocument[],
    visit: (a: LinkDocument, b: LinkDocument) => void,
  ) => {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i];
        const b = group[j];
        if (a && b) visit(a, b);
      }
  };
  const namesMatch = (a: LinkDocument, b: LinkDocument) =>
    (a.name !== undefined && b.name !== undefined && sameProjectName(a.name, b.name)) ||
    (a.acronym !== undefined && b.acronym !== undefined && sameProjectName(a.acronym, b.acronym));
  for (const [id, group] of byBusinessId) {
    pairsWithin(group, (a, b) => {
      if (namesMatch(a, b))
        add(
          a,
          b,
          'business-id-and-name',
          `business id ${id} and name "${normaliseName(a.name ?? a.acronym ?? '')}"`,
        );
    });
  }
  for (const [org, group] of byOrganisation) {
    pairsWithin(group, (a, b) => {
      if (a.name !== undefined && b.name !== undefined && sameProjectName(a.name, b.name))
        add(
          a,
          b,
          'name-and-organisation',
          `name "${normaliseName(a.name)}" and organisation "${org}"`,
        );
    });
  }
  for (const award of awards) {
    const text = award.text ?? '';
    const codes = [...byCode.keys()].filter((code) =>
      new RegExp(`(?:^|[^A-Z0-9])${code}(?:$|[^A-Z0-9])`).test(normaliseCodeText(text)),
    );
    for (const code of codes) {
      const target = byCode.get(code)?.[0];
      if (target) add(award, target, 'project-code-in-award', `code ${code} in the award row`);
    }
    if (codes.length > 0) continue;
    const org = award.organisation ? normaliseOrganisation(award.organisation) : '';
    for (const target of byOrganisation.get(org) ?? []) {
      const named =
        (target.name !== undefined && containsWords(text, target.name)) ||
        (target.acronym !== undefined && containsWords(text, target.acronym));
      if (named)
        add(
          award,
          target,
          'award-recipient-and-name',
          `recipient "${org}" and project name in the award row`,
        );
    }
  }
  return links;
}

function normaliseCodeText(text: string): string {
  return text.toUpperCase();
}

/**
 * Links documents about the same project into projects. Strong links are applied first; a link
 * that would join two different project codes, or a document without a code that fits two coded
 * projects equally well, is refused and listed, never made.
 */
export function linkDocuments(documents: LinkDocument[]): LinkedProject[] {
  const sorted = [...documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byId = new Map(sorted.map((d) => [d.id, d]));
  const parent = new Map<string, string>(sorted.map((d) => [d.id, d.id]));
  const codes = new Map<string, Set<string>>(
    sorted.map((d) => [d.id, new Set(d.code ? [normaliseCode(d.code)] : [])]),
  );
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    let at = id;
    while (at !== root) {
      const next = parent.get(at) ?? root;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const links = candidateLinks(sorted).sort(
    (a, b) =>
      RANK[a.confidence] - RANK[b.confidence] ||
      (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) ||
      (a.to < b.to ? -1 : a.to > b.to ? 1 : 0) ||
      (a.reason < b.reason ? -1 : 1),
  );
  const made: Link[] = [];
  const refused: Link[] = [];
  const codesOf = (root: string) => codes.get(root) ?? new Set<string>();
  for (const tier of ['high', 'medium', 'low'] as const) {
    const tierLinks = links.filter((l) => l.confidence === tier);
    // A document without a code that fits two coded projects equally well belongs to neither.
    const reached = new Map<string, Set<string>>();
    for (const link of tierLinks) {
      for (const [self, other] of [
        [link.from, link.to],
        [link.to, link.from],
      ] as const) {
        if (codesOf(find(self)).size > 0) continue;
        const set = reached.get(self) ?? new Set<string>();
        for (const code of codesOf(find(other))) set.add(code);
        reached.set(self, set);
      }
    }
    const ambiguous = new Set([...reached].filter(([, set]) => set.size > 1).map(([id]) => id));
    for (const link of tierLinks) {
      if (ambiguous.has(link.from) || ambiguous.has(link.to)) {
        refused.push(link);
        continue;
      }
      const a = find(link.from);
      const b = find(link.to);
      if (a === b) {
        made.push(link);
        continue;
      }
      const ca = codesOf(a);
      const cb = codesOf(b);
      const conflict = ca.size > 0 && cb.size > 0 && [...ca].some((c) => !cb.has(c));
      if (conflict) {
        refused.push(link);
        continue;
      }
      const [root, child] = a < b ? [a, b] : [b, a];
      parent.set(child, root);
      codes.set(root, new Set([...ca, ...cb]));
      made.push(link);
    }
  }
  const groups = new Map<string, LinkedProject>();
  for (const d of sorted) {
    const root = find(d.id);
    let group = groups.get(root);
    if (!group) {
      group = { key: '', documents: [], links: [], refused: [] };
      groups.set(root, group);
    }
    group.documents.push(d.id);
  }
  for (const link of made) groups.get(find(link.from))?.links.push(link);
  for (const link of refused) {
    const a = find(link.from);
    const b = find(link.to);
    groups.get(a)?.refused.push(link);
    if (b !== a) groups.get(b)?.refused.push(link);
  }
  return [...groups.entries()]
    .map(([root, group]) => {
      const code = [...(codes.get(root) ?? [])].sort()[0];
      const first = group.documents.map((id) => byId.get(id)).find((d) => d?.projectId);
      return {
        ...group,
        key: code ?? first?.projectId ?? group.documents[0] ?? root,
        ...(code ? { code } : {}),
      };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
