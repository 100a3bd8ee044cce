import { describe, expect, it } from 'vitest';
import {
  authoritySlug,
  finalReportKey,
  needsFinalReport,
} from '../../../shared/pipeline/final-report.ts';
import { extractFile, seedPath } from '../../helpers/fixtures.ts';

const eura = extractFile(seedPath('004_'));
const call = extractFile(seedPath('002_'));

describe('finalReportKey', () => {
  it('files a project report under its authority and project', () => {
    expect(finalReportKey({ sha256: 'abc', projectId: 'A77892' }, eura, 'fi')).toBe(
      'final-reports/pirkanmaan-liitto/A77892/abc.fi.pdf',
    );
  });

  it('files a document with no project under its own sha256, keys safe for S3', () => {
    expect(finalReportKey({ sha256: 'def' }, call, 'sv')).toBe(
      'final-reports/unassigned/DOC-def/def.sv.pdf',
    );
    expect(finalReportKey({ sha256: 'x', projectId: 'name:a b/c' }, eura, 'en')).toBe(
      'final-reports/pirkanmaan-liitto/name-a-b-c/x.en.pdf',
    );
  });
});

describe('authoritySlug', () => {
  it('slugs an authority and gives reports without one a shared folder', () => {
    expect(authoritySlug('Österbottens förbund')).toBe('osterbottens-forbund');
    expect(authoritySlug(undefined)).toBe('unassigned');
    expect(authoritySlug('!!!')).toBe('unassigned');
  });
});

describe('needsFinalReport', () => {
  const insert = (image: Record<string, unknown>, eventName = 'INSERT') => ({
    eventName,
    dynamodb: { NewImage: image, SequenceNumber: '1' },
  });

  it('accepts a new stored report version, or one a newer parser extracted again, and nothing else', () => {
    expect(needsFinalReport(insert({ type: { S: 'report' }, status: { S: 'stored' } }))).toBe(true);
    expect(
      needsFinalReport(insert({ type: { S: 'report' }, status: { S: 'stored' } }, 'MODIFY')),
    ).toBe(false);
    expect(needsFinalReport(insert({ type: { S: 'report' }, status: { S: 'rejected' } }))).toBe(
      false,
    );
    expect(needsFinalReport(insert({ type: { S: 'audit' } }))).toBe(false);
    expect(needsFinalReport({ nonsense: true })).toBe(false);
    const reextracted = {
      type: { S: 'report' },
      status: { S: 'stored' },
      reextractedAt: { S: '2026-11-24T00:00:00.000Z' },
    };
    expect(needsFinalReport(insert(reextracted, 'MODIFY'))).toBe(true);
    expect(needsFinalReport(insert({ ...reextracted, status: { S: 'rejected' } }, 'MODIFY'))).toBe(
      false,
    );
    expect(needsFinalReport(insert(reextracted, 'REMOVE'))).toBe(false);
  });

  it('accepts a stored version approved or reopened (reviewedAt), whose PDFs were dropped', () => {
    const reviewed = {
      type: { S: 'report' },
      status: { S: 'stored' },
      reviewedAt: { S: '2026-12-07T19:05:00.000Z' },
    };

    expect(needsFinalReport(insert(reviewed, 'MODIFY'))).toBe(true);
    expect(needsFinalReport(insert({ ...reviewed, status: { S: 'duplicate' } }, 'MODIFY'))).toBe(
      false,
    );
  });
});
