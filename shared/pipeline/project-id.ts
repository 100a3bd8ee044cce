import type { ReportRecord } from '../schemas/report-record.ts';

/** Lower-case ASCII words joined by `-`, for ids and object keys. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/**
 * The project a record reports on: its programme project code, else (for pages that state none)
 * its name. Calls and grant-decision lists are about no single project.
 */
export function projectIdOf(record: ReportRecord): string | undefined {
  if (
    record.kind === 'funding-call' ||
    record.kind === 'grant-decisions' ||
    record.kind === 'unknown'
  ) {
    return undefined;
  }
  const code = record.project?.code?.trim();
  if (code) return code;
  const name = record.project?.name;
  return name ? `name:${slug(name)}` : undefined;
}
