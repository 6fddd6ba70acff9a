// What the browser tests share: Debian's chromium (/usr/bin/chromium, or $CHROMIUM) driven by playwright-core (no
// browser is downloaded), and a login to a Camunda webapp with a demo user (password demo).
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync']
  });
}

/** A new browser context logged into {@code app} (tasklist, cockpit, admin) of {@code engine} as {@code user}. */
export async function login(browser, base, engine, app, user, height = 2000) {
  const context = await browser.newContext({ viewport: { width: 1400, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(`${base}/camunda/app/${app}/${engine}/`);
  await page.fill('input[ng-model="username"]', user);
  await page.fill('input[ng-model="password"]', 'demo');
  await page.click('button[type="submit"]');
  return page;
}
