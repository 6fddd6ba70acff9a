// Browser test of texts one user writes and another reads in Tasklist and Cockpit, run by ShownTextsBrowserTest.
// Drives Debian's chromium (/usr/bin/chromium) with playwright-core: no browser is downloaded.
// Usage: node browser-tests/shown-texts.mjs <baseUrl> <screenshotDir> <views.json> [engine name, default "default"]
// views.json: [{"name": "...", "app": "tasklist"|"cockpit", "user": "...", "hash": "#/...", "literal": "text shown",
//               "tab": "a details tab to open, optional", "click": "link text to click, optional"}]
// Each view is opened after a login; the literal must be shown as text, and no script written into it may have run
// (the probes set window.__probe).
import { launch, login as loginTo } from './webapps.mjs';
import { readFileSync, mkdirSync } from 'node:fs';

const [base, shots, viewsFile, engine = 'default'] = process.argv.slice(2);
const views = JSON.parse(readFileSync(viewsFile, 'utf8'));
mkdirSync(shots, { recursive: true });
const failures = [];

const browser = await launch();

async function login(app, user) {
  const page = await loginTo(browser, base, engine, app, user, 1600);
  page.on('dialog', dialog => { failures.push(`a dialog opened: ${dialog.message()}`); dialog.dismiss(); });
  await page.locator('input[ng-model="username"]').waitFor({ state: 'detached' });
  return page;
}

try {
  for (const view of views) {
    const page = await login(view.app, view.user);
    await page.goto(`${base}/camunda/app/${view.app}/${engine}/${view.hash}`);
    if (view.tab) {
      await page.locator('a[ng-click*="selectTab"]').filter({ hasText: new RegExp(`^\\s*${view.tab}\\s*$`) })
        .first().click();
    }
    try {
      await page.getByText(view.literal, { exact: false }).first().waitFor();
    } catch (notShown) {
      failures.push(`${view.name}: "${view.literal}" is not shown as text`);
    }
    if (view.click) {
      const link = page.getByText(view.click, { exact: true }).first();
      if (await link.count()) {
        await link.click({ timeout: 5000 }).catch(() => {});
      }
    }
    await page.waitForTimeout(1000); // Angular digests and form-js renders settle
    const probe = await page.evaluate(() => window.__probe);
    if (probe !== undefined) {
      failures.push(`${view.name}: the text ran as script (window.__probe = ${probe})`);
    }
    await page.screenshot({ path: `${shots}/shown-texts-${view.name}.png` });
    console.log(`${view.name}: shown as text, probe ${probe}`);
    await page.context().close();
  }
} catch (error) {
  failures.push(`browser: ${error.message}`);
} finally {
  await browser.close();
}
if (failures.length) {
  console.log('FAILURES:\n' + failures.join('\n'));
  process.exit(1);
}
console.log('browser tests passed');
