import type { DocumentKind } from '../../schemas/report-record.ts';
import type { KindParser } from './parser.ts';

/** A kind's parser, with the name a record gives in `source.parser`. */
export interface NamedKindParser {
  name: string;
  parse: KindParser;
}

export type ParsedKind = Exclude<DocumentKind, 'unknown'>;

/**
 * Each kind's parser in its own module, loaded when a document of that kind arrives: a Lambda
 * reads one kind per document, so its cold start loads none of them and each call one.
 */
const LOADERS: Record<ParsedKind, () => Promise<KindParser>> = {
  'project-description': async () =>
    (await import('./project-description.ts')).parseProjectDescription,
  'project-page': async () => (await import('./project-page.ts')).parseProjectPage,
  'research-project': async () => (await import('./research-project.ts')).parseResearchProject,
  'funding-call': async () => (await import('./funding-call.ts')).parseFundingCall,
  'grant-decisions': async () => (await import('./grant-decisions.ts')).parseGrantDecisions,
};

/** The parser of a document kind, loaded on first use; none for `unknown`. */
export async function loadKindParser(kind: DocumentKind): Promise<NamedKindParser | undefined> {
  return kind === 'unknown' ? undefined : { name: kind, parse: await LOADERS[kind]() };
}
