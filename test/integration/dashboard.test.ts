import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Serving, startServing } from '../../shared/cli/serve-command.ts';
import { dashboardLabels } from '../../shared/dashboard/build-labels.ts';
import { uploadFiles } from '../../shared/storage/upload.ts';
import { launchChromium } from '../helpers/browser.ts';
import { ROOT, SEEDS_DIR } from '../helpers/fixtures.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core');
const LABELS = dashboardLabels();
const VIEWS = ['projects', 'report', 'indicators', 'checks', 'awards', 'calls', 'audit'] as const;
type View = (typeof VIEWS)[number];

let serving: Serving;
let browser: BrowserContext;
let page: Page;
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

/** axe-core's violations on the page as it is now: rule id and the elements that break it. */
async function axeViolations(): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
  );
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Field paths of the contract that appear as text in any view, where a human label belongs. */
async function rawPathsShown(): Promise<string[]> {
  const text = (await page.locator('main').textContent()) ?? '';
  return Object.keys(LABELS.units).filter((path) => !path.includes('{n}') && text.includes(path));
}

async function openView(view: View) {
  await page.click(`nav button[data-view="${view}"]`);
  await page.locator(`#view-${view}`).waitFor();
}

async function chooseLanguage(language: 'fi' | 'sv' | 'en') {
  await page.selectOption('#language', language);
  await page.waitForFunction(`document.documentElement.lang === '${language}'`);
}

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  serving = await startServing({ dataDir: tempDir('epm-dashboard-'), token: 'test-token-123' });
  const seeds = readdirSync(SEEDS_DIR).map((name) => ({
    path: join(SEEDS_DIR, name),
    key: `incoming/${name}`,
  }));
  // Beside the seeds: an empty file (an error finding) and a page with an amount in kronor (info).
  const findings = [
    join(ROOT, 'test', 'fixtures', 'bad', 'empty.txt'),
    join(ROOT, 'test', 'fixtures', 'generality', 'pure-sv-planned.txt'),
  ].map((path) => ({ path, key: `incoming/${path.split('/').at(-1)}` }));
  await uploadFiles(serving.runtime.s3, serving.runtime.inboxBucket, [...seeds, ...findings]);
  await serving.runtime.queue.drained();
  browser = await launchChromium(tempDir('epm-chromium-'), {
    locale: 'sv-FI',
    viewport: { width: 1280, height: 800 },
  });
  page = await browser.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await serving?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard server', () => {
  it('serves the favicon and every static asset without the token, and the API only with it', async () => {
    const assets = ['/', '/favicon.ico', '/favicon.svg', '/app.js', '/style.css', '/labels.json'];

    const statuses = await Promise.all(
      assets.map(async (path) => [path, (await fetch(`${serving.url}${path}`)).status]),
    );
    const favicon = await fetch(`${serving.url}/favicon.ico`);
    const anonymous = await fetch(`${serving.url}/projects`);
    const authorised = await fetch(`${serving.url}/calls`, {
      headers: { authorization: `Bearer ${serving.token}` },
    });

    expect(statuses).toEqual(assets.map((path) => [path, 200]));
    expect(favicon.headers.get('content-type')).toBe('image/x-icon');
    expect(anonymous.status).toBe(401);
    expect(authorised.status).toBe(200);
    // The dashboard's configuration says to sign in with the printed token, without one.
    const config = await fetch(`${serving.url}/config.json`);
    expect(config.status).toBe(200);
    expect(await config.json()).toEqual({ auth: { kind: 'token' } });
  });
});

describe('the auditor dashboard in headless Chromium', () => {
  it('opens in the browser’s language among fi, sv and en', async () => {
    await page.goto(`${serving.url}/#token=${serving.token}`);
    await page.locator('#projects tbody tr').nth(2).waitFor();

    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await page.locator('h1').textContent()).toBe(words('sv').ui.title);
    expect(await page.locator('#projects thead th').first().textContent()).toBe(
      words('sv').fields['project.code'],
    );
  });

  it('reaches the language selector, every view and the filters by keyboard, with a visible focus', async () => {
    await page.goto(serving.url);
    await page.locator('#projects tbody tr').nth(2).waitFor();
    const reached: string[] = [];
    let outline = '';
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate<{ id: string; tag: string; outline: string }>(`(() => {
        const active = document.activeElement;
        return {
          id: active?.id || active?.dataset.view || active?.getAttribute('name') || '',
          tag: active?.tagName ?? '',
          outline: active ? getComputedStyle(active).outlineStyle : '',
        };
      })()`);
      reached.push(`${focused.tag}:${focused.id}`);
      if (focused.id === 'projects') outline = focused.outline;
    }

    expect(reached.slice(0, 2)).toEqual(['A:', 'SELECT:language']);
    expect(reached).toEqual(
      expect.arrayContaining([
        ...VIEWS.map((view) => `BUTTON:${view}`),
        'SELECT:filter-fund',
        'SELECT:filter-status',
        'INPUT:region',
      ]),
    );
    expect(outline).not.toBe('none');
    await page.locator('nav button[data-view="calls"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('#view-calls').waitFor();
    expect(await page.locator('nav button[aria-current]').getAttribute('data-view')).toBe('calls');
  });

  for (const language of ['sv', 'en', 'fi'] as const) {
    it(`shows every view in ${language} with human labels, € amounts and no axe-core violations`, async () => {
      const w = words(language);
      await chooseLanguage(language);
      const violations: Record<string, string[]> = {};
      const raw: Record<string, string[]> = {};
      const check = async (view: View) => {
        violations[view] = await axeViolations();
        raw[view] = await rawPathsShown();
      };

      await openView('projects');
      await page.locator('#projects tbody tr', { hasText: 'A77892' }).waitFor();
      expect(
        await page.locator('#projects tbody tr', { hasText: 'A77892' }).textContent(),
      ).toContain('Keski-Suomi');
      await check('projects');

      await page.locator('#projects tbody button', { hasText: 'A77892' }).click();
      await page.locator('#facts tbody tr').first().waitFor();
      const granted = page.locator('#facts td[data-path="funding.euAndStateGranted"]');
      expect(await granted.textContent()).toMatch(/336[\s\u00a0\u202f,]123[\s\u00a0]?€|€336,123/);
      expect(await page.locator('#facts tbody th').allTextContents()).toContain(
        w.fields['funding.euAndStateGranted'],
      );
      expect(
        await page.locator('#facts td[data-path="project.municipalities"] li').allTextContents(),
      ).toEqual(['Viitasaari']);
      expect(await page.locator('#report-checks li').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining(w.checkTitles['jobs-not-collected'])]),
      );
      await check('report');

      await openView('indicators');
      await page.selectOption('#chart-path', 'funding.euAndStateGranted');
      await page.click('#chart-form button[type=submit]');
      await page.locator('#chart text', { hasText: '€' }).first().waitFor();
      expect(await page.locator('#chart rect').first().getAttribute('data-group')).toBe(
        'Keski-Suomi',
      );
      await check('indicators');

      await openView('checks');
      await page.locator('#checks tbody tr').first().waitFor();
      const severities = async () =>
        page
          .locator('#checks tbody tr')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-severity')));
      expect(new Set(await severities())).toEqual(new Set(['error', 'warning', 'info']));
      await page.selectOption('#severity', 'warning');
      const warnings = await severities();
      expect(warnings.length).toBeGreaterThanOrEqual(2);
      expect(new Set(warnings)).toEqual(new Set(['warning']));
      expect(
        await page.locator('#checks tbody tr[data-check="jobs-not-collected"]').textContent(),
      ).toContain(w.fields['indicators.jobsCreated']);
      expect(
        await page.locator('#checks tbody tr[data-check="jobs-not-collected"]').textContent(),
      ).toContain(w.checkDescriptions['jobs-not-collected']);
      await check('checks');
      await page.selectOption('#severity', 'info');
      expect(new Set(await severities())).toEqual(new Set(['info']));
      await page.selectOption('#severity', '');

      await openView('awards');
      await page.locator('#awards tbody tr').nth(20).waitFor();
      const esbo = await page.locator('#awards tbody tr', { hasText: 'Esbo stad' }).textContent();
      expect(esbo).toMatch(/280[\s\u00a0\u202f,]500[\s\u00a0]?€|€280,500/);
      await check('awards');

      await openView('calls');
      await page.locator('#calls tbody tr').first().waitFor();
      const call = await page.locator('#calls tbody tr').first().textContent();
      expect(call).toMatch(/70[\s\u00a0]?%/);
      expect(call).toContain('2017');
      expect(call).toContain('(UTC+3)');
      await check('calls');

      await openView('audit');
      await page.locator('#audit tbody tr').nth(1).waitFor();
      expect(await page.locator('#audit tbody').textContent()).toContain(
        w.ui.audit.actions.uploaded,
      );
      expect(await page.locator('#audit-subject option').count()).toBeGreaterThanOrEqual(5);
      await check('audit');
      const callSubject = await page
        .locator('#audit-subject option', { hasText: w.kinds['funding-call'] })
        .getAttribute('value');
      await page.selectOption('#audit-subject', callSubject ?? '');
      await page.locator('#audit tbody tr', { hasText: '002_' }).first().waitFor();

      expect(violations).toEqual(Object.fromEntries(VIEWS.map((view) => [view, []])));
      expect(raw).toEqual(Object.fromEntries(VIEWS.map((view) => [view, []])));
    });
  }

  it('shows a list of items as a list, each part in its own format', async () => {
    await chooseLanguage('fi');
    await openView('projects');
    await page.locator('#projects tbody button', { hasText: 'NPA-alueiden' }).click();
    await page.locator('#facts td[data-path="funding.byOrganisation"]').waitFor();

    const items = await page
      .locator('#facts td[data-path="funding.byOrganisation"] li')
      .allTextContents();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatch(/^ERNACT EEIG — 16[\s\u00a0\u202f]250[\s\u00a0]€ · Rivi \d+/);
    expect(
      await page
        .locator('#facts tr', { has: page.locator('[data-path="funding.byOrganisation"]') })
        .locator('th')
        .textContent(),
    ).toBe(words('fi').fields['funding.byOrganisation']);
  });

  it('filters the projects by fund', async () => {
    await openView('projects');
    await page.selectOption('#filters select[name=fund]', 'ESF');
    await page.click('#filters button[type=submit]');

    await page.waitForFunction("document.querySelectorAll('#projects tbody tr').length === 1");
    expect(await page.locator('#projects tbody tr').first().textContent()).toContain(
      'People-centred Digital Municipality',
    );
    await page.selectOption('#filters select[name=fund]', '');
    await page.click('#filters button[type=submit]');
  });

  it('exports the list as CSV through the browser', async () => {
    const download = page.waitForEvent('download');
    await page.click('button[data-export=csv]');

    const file = await download;
    expect(file.suggestedFilename()).toBe('projects.csv');
  });

  it('takes a 1280×800 screenshot of the report view (EPM_SCREENSHOT=1 saves it for the README)', async () => {
    await chooseLanguage('en');
    await openView('projects');
    await page.locator('#projects tbody button', { hasText: 'A77892' }).click();
    await page.locator('#facts tbody tr').first().waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    const path = process.env.EPM_SCREENSHOT
      ? join(ROOT, 'docs', 'images', 'dashboard.png')
      : join(tempDir('epm-screenshot-'), 'dashboard.png');
    mkdirSync(dirname(path), { recursive: true });

    await page.screenshot({ path });

    const png = PNG.sync.read(readFileSync(path));
    expect([png.width, png.height]).toEqual([1280, 800]);
  });

  it('lists the other documents about the same project, with why they are linked', async () => {
    const page1 =
      'Project code: S99901\nProject name: Harbour Data Commons\nFund: European Regional Development Fund (ERDF)\nBeneficiary: Satama Oy\nTotal budget: €120,000\n';
    // The same project named by its name and organisation, without its code: a low-confidence link.
    const page2 =
      'Project name: Harbour Data Commons\nFund: European Regional Development Fund (ERDF)\nBeneficiary: Satama Oy\nEU contribution: €48,000\nStart date: 1 March 2024\n';
    const dir = tempDir('epm-links-');
    writeFileSync(join(dir, 's99901-page.txt'), page1);
    writeFileSync(join(dir, 's99901-update.txt'), page2);
    await uploadFiles(serving.runtime.s3, serving.runtime.inboxBucket, [
      { path: join(dir, 's99901-page.txt'), key: 'incoming/s99901-page.txt' },
      { path: join(dir, 's99901-update.txt'), key: 'incoming/s99901-update.txt' },
    ]);
    await serving.runtime.queue.drained();
    await chooseLanguage('en');
    await openView('projects');
    await page.click('#filters button[type=submit]');
    await page.locator('#projects tbody button', { hasText: 'S99901' }).click();

    const link = page.locator('#report-links li', { hasText: '↔' }).first();
    await link.waitFor();
    expect(await link.textContent()).toContain(
      words('en').ui.report.linkReasons['name-and-organisation'],
    );
    expect(await link.textContent()).toContain(words('en').ui.report.confidence.low);
  });

  it('asks for the token when opened without one', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(serving.url);

    await fresh.locator('#status', { hasText: words('en').ui.noToken }).waitFor();
    await fresh.close();
  });
});
