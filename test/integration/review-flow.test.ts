import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AxeResults } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Serving, startServing } from '../../shared/cli/serve-command.ts';
import { dashboardLabels } from '../../shared/dashboard/build-labels.ts';
import { uploadFiles } from '../../shared/storage/upload.ts';
import { launchChromium } from '../helpers/browser.ts';
import { ROOT, seedPath } from '../helpers/fixtures.ts';

const run = promisify(execFile);
const AXE = createRequire(import.meta.url).resolve('axe-core');
const LABELS = dashboardLabels();
const ARTIFACTS = join(ROOT, 'artifacts', 'review-flow');
const CORRECTED = 'funding.euAndStateRealised';
const CONFIRMED = 'indicators.jobsCreated.realised';
const REASON = 'The payment decision of 2 May states 320 000 euros';

let serving: Serving;
let browser: BrowserContext;
let page: Page;
let dataDir: string;
const tokens: Record<'reviewer' | 'auditor' | 'manager', string> = {
  reviewer: '',
  auditor: '',
  manager: '',
};
let report: { projectId: string; version: string };
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function words(language: 'fi' | 'sv' | 'en') {
  const found = LABELS.languages[language];
  if (!found) throw new Error(`No labels for ${language}`);
  return found;
}

/** `epm users add NAME --role ROLE`: the token it prints (its last word of token characters). */
async function addUser(name: string, role: string, ...more: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [join(ROOT, 'bin', 'epm.js'), 'users', 'add', name, '--role', role, ...more, '--data', dataDir],
    { cwd: ROOT },
  );
  const token = stdout.match(/[A-Za-z0-9_-]{24,}/g)?.at(-1);
  if (!token) throw new Error(`epm users add ${name} printed no token: ${stdout}`);
  return token;
}

async function api(path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${serving.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function axeViolations(): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
  );
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

async function chooseLanguage(language: 'fi' | 'sv' | 'en') {
  await page.selectOption('#language', language);
  await page.waitForFunction(`document.documentElement.lang === '${language}'`);
}

const activeId = () => page.evaluate<string>("document.activeElement?.id ?? ''");

const fieldRow = (path: string) => page.locator(`#review-fields tbody tr[data-path="${path}"]`);

/** The text of the project's final report as pdftotext reads it, once it names `expected`. */
async function finalReportText(expected: RegExp): Promise<string> {
  const deadline = Date.now() + 90_000;
  let text = '';
  let answer = '';
  while (Date.now() < deadline) {
    const link = await api(
      `/projects/${encodeURIComponent(report.projectId)}/final-report`,
      tokens.reviewer,
    );
    answer = `${link.status}`;
    if (link.ok) {
      const { url } = (await link.json()) as { url: string };
      const pdf = Buffer.from(await (await fetch(url)).arrayBuffer());
      const file = join(tempDir('epm-review-pdf-'), 'final-report.pdf');
      writeFileSync(file, pdf);
      text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
      if (expected.test(text)) {
        writeFileSync(join(ARTIFACTS, 'final-report-approved.pdf'), pdf);
        return text;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return text || `final report: ${answer}`;
}

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = tempDir('epm-review-flow-');
  tokens.reviewer = await addUser('maija', 'reviewer');
  tokens.auditor = await addUser('aune', 'auditor');
  tokens.manager = await addUser('pia', 'project-manager', '--projects', 'A77892');
  serving = await startServing({ dataDir, token: 'review-flow-token' });
  const eura = seedPath('004_');
  await uploadFiles(serving.runtime.s3, serving.runtime.inboxBucket, [
    { path: eura, key: `incoming/${eura.split('/').at(-1)}` },
  ]);
  await serving.runtime.queue.drained();
  await serving.runtime.renders.drained();
  const projects = (await (await api('/projects', tokens.reviewer)).json()) as {
    items: Array<{ projectId: string; code?: string; latestVersion: string }>;
  };
  const project = projects.items.find((p) => p.code === 'A77892');
  if (!project) throw new Error('A77892 was not stored');
  report = { projectId: project.projectId, version: project.latestVersion };
  browser = await launchChromium(tempDir('epm-chromium-'), {
    locale: 'en-GB',
    viewport: { width: 1280, height: 900 },
  });
  page = await browser.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await serving?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the review flow in headless Chromium', () => {
  it('signs a reviewer in with the token epm users add printed, and lists the report in the review queue', async () => {
    await page.goto(`${serving.url}/#token=${tokens.reviewer}`);
    await page.locator('#who').filter({ hasText: 'maija' }).waitFor();
    await chooseLanguage('en');

    await page.click('nav button[data-view="queue"]');
    const row = page.locator(`#queue tbody tr[data-project="${report.projectId}"]`);
    await row.waitFor();

    expect(await page.locator('#who').textContent()).toBe('Signed in as maija (reviewer)');
    expect(await row.textContent()).toContain(words('en').ui.review.statuses.unreviewed);
  });

  it('opens the report beside its read text, and choosing a field marks its source line and page', async () => {
    await page.locator(`#queue tbody tr[data-project="${report.projectId}"] button`).click();
    await fieldRow(CORRECTED).waitFor();

    await fieldRow(CORRECTED).locator('th button').click();

    const current = page.locator('#review-text li.current');
    await current.waitFor();
    const line = await current.getAttribute('data-line');
    expect(await activeId()).toBe('field-title');
    expect(await current.textContent()).toMatch(/319\s?949/);
    expect(await page.locator('#text-page').textContent()).toContain(`Line ${line}`);
    expect(await page.locator('#review-text li').count()).toBeGreaterThan(20);
    await page.screenshot({ path: join(ARTIFACTS, 'review-chosen.png') });
  });

  it('corrects a value with a reason by keyboard: Enter saves, the row shows both values and who', async () => {
    await page.locator('#field-correct').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => activeId()).toBe('review-value');
    await page.keyboard.press('Escape');
    expect(await page.locator('#review-form').isHidden()).toBe(true);
    expect(await activeId()).toBe('field-correct');

    await page.keyboard.press('Enter');
    await page.fill('#review-value', '320000');
    await page.fill('#review-reason', REASON);
    await page.locator('#review-value').focus();
    await page.keyboard.press('Enter');
    await page.locator(`#review-fields tbody tr[data-action="corrected"]`).waitFor();

    const cells = await fieldRow(CORRECTED).locator('td').allTextContents();
    expect(cells[0]).toMatch(/€319,949/);
    expect(cells[1]).toMatch(/€320,000/);
    expect(cells[3]).toContain('corrected by maija');
    expect(cells[3]).toContain(REASON);
    expect(await page.locator('#status').textContent()).toBe('Saved: corrected.');
  });

  it('refuses a correction without a reason, saying so beside the form', async () => {
    await fieldRow(CONFIRMED).locator('th button').click();
    await page.click('#field-correct');
    await page.fill('#review-value', '4');

    await page.click('#review-form button[type="submit"]');

    expect(await page.locator('#review-error').textContent()).toBe('Give a reason.');
    await page.click('#review-cancel');
    expect(await fieldRow(CONFIRMED).getAttribute('data-action')).toBeNull();
  });

  it('confirms another value and shows its history', async () => {
    await fieldRow(CONFIRMED).locator('th button').click();

    await page.click('#field-confirm');
    await page
      .locator(`#review-fields tbody tr[data-path="${CONFIRMED}"][data-action="confirmed"]`)
      .waitFor();
    await page.click('#field-history');
    await page.locator('#history tbody tr').first().waitFor();

    expect(await page.locator('#history tbody tr').count()).toBe(1);
    expect(await page.locator('#history tbody tr td').nth(1).textContent()).toBe('maija');
    expect(await page.locator('#history tbody tr td').nth(2).textContent()).toContain('confirmed');
  });

  for (const language of ['fi', 'sv', 'en'] as const) {
    it(`has no axe-core violations on the review screen in ${language}, with a form open`, async () => {
      await chooseLanguage(language);
      const clean = await axeViolations();
      await page.click('#field-correct');
      const withForm = await axeViolations();
      await page.keyboard.press('Escape');

      expect(await page.locator('#review-approve').textContent()).toBe(
        words(language).ui.review.approve,
      );
      expect(clean).toEqual([]);
      expect(withForm).toEqual([]);
    });
  }

  it('approves the report, which locks its fields until it is reopened', async () => {
    await page.click('#review-approve');
    await page.locator('#review-state .status-approved').waitFor();

    expect(await page.locator('#review-state').textContent()).toContain('Approved by maija');
    expect(await page.locator('#review-approve').isDisabled()).toBe(true);
    expect(await page.locator('#field-correct').isDisabled()).toBe(true);
    expect(await page.locator('#review-reopen').isVisible()).toBe(true);
    await fieldRow(CORRECTED).locator('th button').click();
    await fieldRow(CORRECTED).evaluate((row) => row.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(ARTIFACTS, 'review-approved.png') });
    if (process.env.EPM_SCREENSHOT === '1') {
      await page.screenshot({ path: join(ROOT, 'docs', 'images', 'review.png') });
    }
  });

  it('renders the final report again with the corrected value marked and the approver named', async () => {
    const text = await finalReportText(/maija/);
    const flat = text.replace(/\s+/g, ' ');

    expect(flat).toMatch(/Hyväksynyt maija \d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}/);
    expect(flat).toMatch(/320 000 € \*1/);
    // The note's column wraps beside the others: its first line, and the value extraction read.
    expect(flat).toContain('tarkastajan korjaama: The payment decision of');
    expect(flat).toMatch(/Luettu arvo: 319 949 €/);
    expect(flat).not.toMatch(/ei vielä hyväksytty/i);
  });

  it('lists every review action in the audit log, in order, in the audit view', async () => {
    await page.click('nav button[data-view="audit"]');
    await page.selectOption('#audit-subject', report.projectId);
    await page.locator('#audit tbody tr').filter({ hasText: 'approved' }).waitFor();

    const actions = await page.locator('#audit tbody tr td:nth-child(2)').allTextContents();
    const reviewActions = actions.filter((a) => a.startsWith('review:'));
    expect(reviewActions).toEqual([
      'review: value corrected',
      'review: value confirmed',
      'review: report approved',
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'audit.png') });
  });

  it('shows an auditor the review and its history but no action, and the API refuses their POST', async () => {
    const auditor = await browser.newPage();
    await auditor.goto(`${serving.url}/#token=${tokens.auditor}`);
    await auditor.locator('#who').filter({ hasText: 'aune' }).waitFor();
    await auditor.selectOption('#language', 'en');
    await auditor.click('nav button[data-view="projects"]');
    await auditor.locator('#projects tbody tr button.link').first().click();
    await auditor.click('#open-review');
    await auditor.locator(`#review-fields tbody tr[data-path="${CORRECTED}"]`).waitFor();
    await auditor.locator(`#review-fields tbody tr[data-path="${CORRECTED}"] th button`).click();
    await auditor.click('#field-history');
    await auditor.locator('#history tbody tr').first().waitFor();

    const refused = await api(
      `/projects/${encodeURIComponent(report.projectId)}/reports/${report.version}/reviews`,
      tokens.auditor,
      { action: 'confirmed', path: CONFIRMED },
    );

    expect(await auditor.locator('#review-note').textContent()).toBe(
      'You may read this review but not change it.',
    );
    for (const id of ['#review-actions', '#field-actions', '#review-form']) {
      expect(await auditor.locator(id).isHidden(), id).toBe(true);
    }
    expect(await auditor.locator('#history tbody tr td').nth(3).textContent()).toBe(REASON);
    expect(refused.status).toBe(403);
    await auditor.screenshot({ path: join(ARTIFACTS, 'review-auditor.png') });
    await auditor.close();
  });

  it('reopens the approved report with a reason; the final report says again it is not approved', async () => {
    await page.click('nav button[data-view="review"]');
    await page.locator('#review-reopen').focus();
    await page.keyboard.press('Enter');
    await expect.poll(activeId).toBe('review-reason');
    await page.keyboard.press('Enter');
    expect(await page.locator('#review-error').textContent()).toBe('Give a reason.');

    await page.fill('#review-reason', 'The payment decision is being appealed');
    await page.click('#review-form button[type="submit"]');
    await page.locator('#review-state .status-in-review').waitFor();
    const text = (await finalReportText(/tarkastus on kesken/)).replace(/\s+/g, ' ');

    expect(await page.locator('#review-approve').isDisabled()).toBe(false);
    expect(await page.locator('#review-reopen').isHidden()).toBe(true);
    expect(text).toContain('Ei vielä hyväksytty: tarkastus on kesken');
    expect(text).not.toContain('Hyväksynyt maija');
    expect(text).toMatch(/320 000 € \*1/);
  });

  it('signs in through the hosted UI with PKCE when config.json names Cognito, and signs out', async () => {
    const hosted = 'https://epm-test.auth.eu-north-1.amazoncognito.com';
    const tab = await browser.newPage();
    let authorize: URL | undefined;
    let exchange: URLSearchParams | undefined;
    await tab.route('**/config.json', (route) =>
      route.fulfill({
        json: {
          apiUrl: serving.url,
          auth: {
            kind: 'cognito',
            domain: hosted,
            clientId: 'client123',
            region: 'eu-north-1',
            redirectUri: `${serving.url}/`,
            scopes: ['openid', 'email'],
          },
        },
      }),
    );
    await tab.route(`${hosted}/oauth2/authorize**`, (route) => {
      authorize = new URL(route.request().url());
      const state = authorize.searchParams.get('state') ?? '';
      return route.fulfill({
        status: 302,
        headers: { location: `${serving.url}/?code=one-time-code&state=${state}` },
      });
    });
    await tab.route(`${hosted}/oauth2/token`, (route) => {
      exchange = new URLSearchParams(route.request().postData() ?? '');
      return route.fulfill({
        headers: { 'access-control-allow-origin': '*' },
        json: { id_token: tokens.reviewer, access_token: 'access', token_type: 'Bearer' },
      });
    });
    await tab.route(`${hosted}/logout**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>signed out</title>' }),
    );

    await tab.goto(serving.url);
    await tab.locator('#sign-in').click();
    await tab.locator('#who').filter({ hasText: 'maija' }).waitFor();
    const verifier = exchange?.get('code_verifier') ?? '';
    const afterSignIn = tab.url();
    await tab.click('#sign-out');
    await tab.waitForURL(`${hosted}/logout**`);
    const logout = new URL(tab.url());

    expect(authorize?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize?.searchParams.get('client_id')).toBe('client123');
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{64}$/);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(
      authorize?.searchParams.get('code_challenge'),
    );
    expect(exchange?.get('code')).toBe('one-time-code');
    expect(afterSignIn).toBe(`${serving.url}/`);
    expect(logout.searchParams.get('logout_uri')).toBe(`${serving.url}/`);
    await tab.close();
  });

  it('refuses a hosted-UI answer whose state this browser did not send', async () => {
    const tab = await browser.newPage();
    await tab.route('**/config.json', (route) =>
      route.fulfill({
        json: {
          apiUrl: serving.url,
          auth: {
            kind: 'cognito',
            domain: 'https://epm-test.auth.eu-north-1.amazoncognito.com',
            clientId: 'client123',
            redirectUri: `${serving.url}/`,
          },
        },
      }),
    );

    await tab.goto(`${serving.url}/?code=stolen&state=forged`);
    await tab.locator('#status').filter({ hasText: 'refused' }).waitFor();

    expect(await tab.locator('#status').textContent()).toBe(
      'Sign-in failed: sign-in answer has a state this browser did not send; refused',
    );
    expect(await tab.locator('#sign-in').isVisible()).toBe(true);
    expect(await tab.locator('#who').textContent()).toBe('');
    await tab.close();
  });

  it('offers the project manager of the project the field actions but not approval', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${serving.url}/#token=${tokens.manager}`);
    await tab.locator('#who').filter({ hasText: 'pia' }).waitFor();
    await tab.selectOption('#language', 'en');
    await tab.click('nav button[data-view="queue"]');
    await tab.locator(`#queue tbody tr[data-project="${report.projectId}"] button`).click();
    await tab.locator(`#review-fields tbody tr[data-path="${CONFIRMED}"] th button`).click();

    const approve = await api(
      `/projects/${encodeURIComponent(report.projectId)}/reports/${report.version}/approve`,
      tokens.manager,
      {},
    );

    expect(await tab.locator('#who').textContent()).toBe('Signed in as pia (project manager)');
    expect(await tab.locator('#field-confirm').isVisible()).toBe(true);
    expect(await tab.locator('#review-add').isVisible()).toBe(true);
    expect(await tab.locator('#review-approve').isHidden()).toBe(true);
    expect(approve.status).toBe(403);
    await tab.close();
  });
});
