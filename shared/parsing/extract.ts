import type { ReportRecord } from '../schemas/report-record.ts';
import { parseFundingCall } from './kinds/funding-call.ts';
import { parseGrantDecisions } from './kinds/grant-decisions.ts';
import { parseProjectDescription } from './kinds/project-description.ts';
import { parseProjectPage } from './kinds/project-page.ts';
import type { NamedKindParser, ParsedKind } from './kinds/registry.ts';
import { parseResearchProject } from './kinds/research-project.ts';
import { decodeText, type ExtractOptions, extractReadText, kindOfText } from './record.ts';

export {
  type ExtractOptions,
  extractReadText,
  type LineOrigin,
  PARSER_VERSION,
  REJECTING_CHECKS,
  type ReadText,
  rejectionOf,
  tooLargeRecord,
  unreadableRecord,
} from './record.ts';

/** Every kind's parser, at hand: for the CLI, the tests and whoever extracts many documents. */
const PARSERS: Record<ParsedKind, NamedKindParser> = {
  'project-description': { name: 'project-description', parse: parseProjectDescription },
  'project-page': { name: 'project-page', parse: parseProjectPage },
  'research-project': { name: 'research-project', parse: parseResearchProject },
  'funding-call': { name: 'funding-call', parse: parseFundingCall },
  'grant-decisions': { name: 'grant-decisions', parse: parseGrantDecisions },
};

/**
 * Turns an uploaded plain-text document into a report record. Never throws for bad input: an
 * unreadable, oversized or unrecognised document gives a record whose checks say why. Other
 * formats go through `extractDocument` (shared/readers/intake.ts), which reads them first; the
 * Lambdas use `extractText` (shared/parsing/record.ts), which loads only the parser it needs.
 */
export function extractReport(bytes: Uint8Array, options: ExtractOptions = {}): ReportRecord {
  const decoded = decodeText(bytes, options);
  if (!decoded.success) return decoded.record;
  const kind = kindOfText(decoded.read.text);
  return extractReadText(bytes, options.key ?? '', decoded.read, {
    kind,
    parser: kind === 'unknown' ? undefined : PARSERS[kind],
    pageParser: PARSERS['project-page'],
  });
}
