import type { ReportRecord } from '../schemas/report-record.ts';

const euro = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

function money(value: number | undefined): string {
  return value === undefined ? '' : `€${euro.format(value)}`;
}

/** The figure that best sums up a record of its kind, for one line of a summary table. */
export function keyFigure(record: ReportRecord): string {
  const f = record.funding;
  switch (record.kind) {
    case 'project-description': {
      const jobs = record.indicators?.jobsCreated?.realised;
      const funding = money(f?.publicRealised ?? f?.euAndStateGranted);
      return [funding && `public ${funding}`, jobs !== undefined && `jobs ${jobs}`]
        .filter(Boolean)
        .join(', ');
    }
    case 'project-page':
      return [
        money(f?.totalBudget),
        f?.euCofinancingRate !== undefined && `EU ${f.euCofinancingRate} %`,
      ]
        .filter(Boolean)
        .join(', ');
    case 'research-project':
      return money(f?.byOrganisation?.reduce((sum, o) => sum + o.amount, 0));
    case 'funding-call':
      return [
        record.call?.deadline && `closes ${record.call.deadline}`,
        record.call?.maxFundingRate !== undefined && `max ${record.call.maxFundingRate} %`,
      ]
        .filter(Boolean)
        .join(', ');
    case 'grant-decisions':
      return `${record.awards?.length ?? 0} awards, ${money(record.awards?.reduce((s, a) => s + a.amount, 0))}`;
    default:
      return '';
  }
}

export function subjectOf(record: ReportRecord): string {
  const p = record.project;
  return (
    [p?.code, p?.acronym ?? p?.name].filter(Boolean).join(' ') || record.call?.applicants || ''
  );
}

export function checksSummary(record: ReportRecord): string {
  if (record.checks.length === 0) return 'ok';
  const count = (severity: string) => record.checks.filter((c) => c.severity === severity).length;
  return [
    count('error') && `${count('error')} error`,
    count('warning') && `${count('warning')} warning`,
    count('info') && `${count('info')} info`,
  ]
    .filter(Boolean)
    .join(', ');
}
