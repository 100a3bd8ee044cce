import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Serving, startServing } from '../../shared/cli/serve-command.ts';
import { uploadFiles } from '../../shared/storage/upload.ts';
import { SEEDS_DIR } from '../helpers/fixtures.ts';

let serving: Serving;
let browser: BrowserContext;
let page: Page;
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  serving = await startServing({ dataDir: tempDir('epm-dashboard-'), token: 'test-token-123' });
  const seeds = readdirSync(SEEDS_DIR).map((name) => ({
    path: join(SEEDS_DIR, name),
    key: `incoming/${name}`,
  }));
  await uploadFiles(serving.runtime.s3, serving.runtime.inboxBucket, seeds);
  await serving.runtime.queue.drained();
  browser = await chromium.launchPersistentContext(tempDir('epm-chromium-'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serving?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the auditor dashboard in headless Chromium', () => {
  it('lists the projects, shows a report with every figure’s source line, a chart and the findings', async () => {
    await page.goto(`${serving.url}/#token=${serving.token}`);
    await page.locator('#projects tbody tr').nth(2).waitFor();

    const rows = await page.locator('#projects tbody tr').allTextContents();
    expect(
      rows.some(
        (r) => r.includes('A77892') && r.includes('Digikeskus') && r.includes('Keski-Suomi'),
      ),
    ).toBe(true);

    await page.getByRole('link', { name: 'A77892' }).click();
    await page.locator('#provenance tbody tr').first().waitFor();
    const provenance = await page.locator('#provenance tbody tr').allTextContents();
    expect(provenance).toContain('project.codeA778927Hankekoodi: A77892');
    expect(
      provenance.some((r) => r.startsWith('indicators.jobsCreated.realised3.7109Toteutunut')),
    ).toBe(true);
    expect(await page.locator('#detail-checks li').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Planned new jobs is 0 but 3.7 were realised.'),
      ]),
    );

    await page.locator('#chart rect').first().waitFor();
    expect(await page.locator('#chart rect').first().getAttribute('data-group')).toBe(
      'Keski-Suomi',
    );
    expect(await page.locator('#eu-codes').textContent()).toContain('CO08');

    await page.selectOption('#severity', 'warning');
    await page.locator('#checks li', { hasText: 'jobs-not-collected' }).waitFor();
  });

  it('filters the projects by fund', async () => {
    await page.selectOption('#filters select[name=fund]', 'ESF');
    await page.click('#filters button[type=submit]');

    await page.waitForFunction("document.querySelectorAll('#projects tbody tr').length === 1");
    expect(await page.locator('#projects tbody tr').first().textContent()).toContain(
      'People-centred Digital Municipality',
    );
  });

  it('exports the list as CSV through the browser', async () => {
    const download = page.waitForEvent('download');
    await page.click('button[data-export=csv]');

    const file = await download;
    expect(file.suggestedFilename()).toBe('projects.csv');
  });

  it('asks for the token when opened without one, and the API refuses requests without it', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(serving.url);

    await fresh.locator('#status', { hasText: 'No access token' }).waitFor();
    const response = await fetch(`${serving.url}/projects`);
    expect(response.status).toBe(401);
    await fresh.close();
  });
});
