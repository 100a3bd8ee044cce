import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, seedPath } from '../helpers/fixtures.ts';

const run = promisify(execFile);
const data = mkdtempSync(join(tmpdir(), 'epm-review-cli-'));

function epm(...args: string[]) {
  return run('node', ['bin/epm.js', ...args, '--data', data], { cwd: ROOT }).then(
    (done) => ({ code: 0, ...done }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

afterAll(() => rmSync(data, { recursive: true, force: true }));

describe('epm review', () => {
  it('corrects as the owner, approves as a reviewer (rendering again), and then refuses changes', async () => {
    expect((await epm('run', seedPath('004_'))).code).toBe(0);
    expect((await epm('users', 'add', 'rita', '--role', 'reviewer')).code).toBe(0);

    const set = await epm(
      'review',
      'A77892',
      '--set',
      'funding.euAndStateGranted=336124',
      '--reason',
      'typo in the export',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(
      /^funding\.euAndStateGranted: corrected 336123 → 336124 by owner at \S+ — typo in the export$/m,
    );

    const approved = await epm('review', 'A77892', '--approve', '--as', 'rita');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/^status approved \(approved by rita at /m);
    expect(approved.stderr).toMatch(/final report ready \(fi\)/);

    const locked = await epm('review', 'A77892', '--confirm', 'funding.publicPlanned');
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/409 .*approved by rita and locked; reopen it with a reason/);

    const version = createHash('sha256')
      .update(readFileSync(seedPath('004_')))
      .digest('hex');
    const query = await epm('query', `/projects/A77892/reports/${version}`);
    const answer = JSON.parse(query.stdout);
    expect(query.stderr).toMatch(/^epm: review approved, approved by rita at /m);
    expect(query.stderr).toMatch(
      /^epm: {3}funding\.euAndStateGranted {2}extracted 336123 {2}effective 336124 {2}\(corrected by owner at \S+: typo in the export\)$/m,
    );
    expect(answer.record.funding.euAndStateGranted).toBe(336123);
    expect(answer.effective.funding.euAndStateGranted).toBe(336124);
    expect(answer.review.fields['funding.euAndStateGranted']).toMatchObject({
      by: 'owner',
      reason: 'typo in the export',
    });
    expect(answer.finalReports?.fi).toMatch(/\.fi\.pdf$/);
  }, 400_000);
});
