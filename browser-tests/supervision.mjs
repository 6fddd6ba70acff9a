// Browser test of the clerk's and the supervisor's day, run by SupervisionBrowserTest (mvn test).
// Drives Debian's chromium (/usr/bin/chromium) with playwright-core: no browser is downloaded.
// Usage: node browser-tests/supervision.mjs <baseUrl> <screenshotDir> <expected.json> [engine name, default "default"]
// expected.json: {"receiptNo": "...", "figures": {"accepted": 3, ...}, "overdueCaseNo": "...", "matterName": "...",
//                 "goodRateValue": "0", "completed": 1}
import { launch, login as loginTo } from './webapps.mjs';
import { readFileSync, mkdirSync } from 'node:fs';

const [base, shots, expectedFile, engine = 'default'] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
mkdirSync(shots, { recursive: true });
const failures = [];

const browser = await launch();
const login = (app, user) => loginTo(browser, base, engine, app, user);

try {
  // 1. The window clerk opens the intake check of the new case, sees the Chinese Camunda Form, fills and completes it.
  const clerk = await login('tasklist', 'qs-clerk');
  await clerk.getByText('受理审查（核验材料）').first().click();
  const form = clerk.locator('.fjs-container');
  await form.getByText(`受理编号： ${expected.receiptNo}`, { exact: false }).waitFor();
  await clerk.getByText('认领', { exact: true }).click();
  await form.locator('.fjs-form-field-checklist input[type="checkbox"]').first().waitFor();
  for (const box of await form.locator('.fjs-form-field-checklist input[type="checkbox"]').all()) {
    await box.check();
  }
  await form.getByLabel('属于，继续核验材料').check();
  await clerk.screenshot({ path: `${shots}/tasklist-form.png` });
  // the form links the case's 收件回执, which opens as the PDF with the clerk's Tasklist session
  const receiptHref = await form.getByRole('link', { name: '收件回执' }).getAttribute('href');
  if (receiptHref !== `/api/cases/${expected.receiptNo}/documents/latest/RECEIPT`) {
    failures.push(`the form links the receipt as ${receiptHref}`);
  }
  const receipt = await clerk.evaluate(async (href) => {
    const answer = await fetch(href);
    const head = new TextDecoder().decode((await answer.arrayBuffer()).slice(0, 5));
    return { status: answer.status, type: answer.headers.get('content-type'), head };
  }, receiptHref);
  if (receipt.status !== 200 || receipt.type !== 'application/pdf' || receipt.head !== '%PDF-') {
    failures.push(`opening the receipt from Tasklist: ${JSON.stringify(receipt)}`);
  }
  console.log('tasklist: opened the receipt', receiptHref, JSON.stringify(receipt));
  await clerk.getByRole('button', { name: '办结' }).click();
  await clerk.getByText('受理审查（核验材料）').first().waitFor({ state: 'detached' });
  console.log('tasklist: completed 受理审查（核验材料） of', expected.receiptNo);

  // 2. The county supervisor sees Cockpit in Chinese without the vendor's banner, and the dashboard with the figures,
  //    charts and ranking of the cases the test made (all in 青山镇: the county's figures are the same)
  const supervisor = await login('cockpit', 'county-supervisor');
  const dashboard = supervisor.locator('#township-dashboard');
  await dashboard.locator('[data-figure="accepted"]').waitFor();
  for (const label of ['流程', '人工任务']) {
    if (!(await supervisor.locator('.navbar, [cam-widget-header]').getByText(label, { exact: true }).first().isVisible())) {
      failures.push(`Cockpit's menu does not show ${label}`);
    }
  }
  for (const english of ['Processes', 'Human Tasks', 'Right Now']) {
    if (await supervisor.getByText(english, { exact: true }).count()) {
      failures.push(`Cockpit still shows "${english}"`);
    }
  }
  if (await supervisor.locator('.ce-eol-banner').isVisible().catch(() => false)) {
    failures.push('the end-of-life banner is shown');
  }
  const shown = {};
  for (const [figure, value] of Object.entries(expected.figures)) {
    shown[figure] = (await dashboard.locator(`[data-figure="${figure}"] .tw-value`).first()
      .innerText()).trim();
    if (shown[figure] !== String(value)) {
      failures.push(`督查看板 ${figure}: shown ${shown[figure]}, expected ${value}`);
    }
  }
  console.log('cockpit: figures shown', JSON.stringify(shown));
  // the charts: weekly 受理 adds up to the cases accepted, the township bars carry the 好评率
  const weekly = await dashboard.locator('[data-chart="weekly"] circle[data-series="accepted"]')
    .evaluateAll(points => points.reduce((sum, p) => sum + Number(p.dataset.value), 0));
  if (weekly !== expected.figures.accepted) {
    failures.push(`weekly chart: 受理 adds up to ${weekly}, expected ${expected.figures.accepted}`);
  }
  const good = await dashboard.locator('[data-chart="townships"] [data-township="qingshan"][data-series="goodRate"]')
    .getAttribute('data-value');
  if (good !== expected.goodRateValue) {
    failures.push(`township chart: 青山镇 好评率 ${good}, expected ${expected.goodRateValue}`);
  }
  const handled = await dashboard.locator('[data-chart="matters"] rect[data-value]')
    .evaluateAll(bars => bars.reduce((sum, b) => sum + Number(b.dataset.value), 0));
  if (handled !== expected.completed) {
    failures.push(`working-day chart: ${handled} cases, expected ${expected.completed}`);
  }
  if (!(await dashboard.locator('[data-table="ranking"]').innerText()).includes('青山镇')) {
    failures.push('the ranking does not list 青山镇');
  }
  console.log('cockpit: charts', JSON.stringify({ weekly, good, handled }));
  const overdueTable = dashboard.locator('[data-table="overdue"]');
  if (!(await overdueTable.innerText()).includes(expected.overdueCaseNo)) {
    failures.push(`overdue table does not list ${expected.overdueCaseNo}`);
  }
  // the overdue case's 案卷 link answers its case file with the supervisor's Cockpit session
  const caseFileHref = await overdueTable.locator('a.tw-case-file').first().getAttribute('href');
  const caseFile = await supervisor.evaluate(async (href) => {
    const response = await fetch(href);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, type: response.headers.get('content-type'),
      magic: String.fromCharCode(...bytes.slice(0, 5)) };
  }, caseFileHref);
  if (caseFile.status !== 200 || !String(caseFile.type).startsWith('application/pdf') || caseFile.magic !== '%PDF-') {
    failures.push(`opening the case file from the dashboard: ${JSON.stringify(caseFile)}`);
  }
  console.log('cockpit: opened the case file', caseFileHref, JSON.stringify(caseFile));
  await dashboard.screenshot({ path: `${shots}/cockpit-dashboard.png` });
  // the 考核 report as the button downloads it; SupervisionBrowserTest opens it with POI
  const [download] = await Promise.all([supervisor.waitForEvent('download'), dashboard.locator('#tw-report').click()]);
  await download.saveAs(`${shots}/report.xlsx`);
  console.log('cockpit: downloaded', download.suggestedFilename());
  // from an overdue case into Cockpit's own instance view, where 办件信息 names the case
  await overdueTable.getByText(expected.overdueCaseNo).click();
  await supervisor.waitForURL(/#\/process-instance\/[^/]+\/runtime/);
  await supervisor.getByText('办件信息', { exact: true }).first().click();
  const caseNo = (await supervisor.locator('#township-case [data-field="caseNo"]').innerText()).trim();
  if (caseNo !== expected.overdueCaseNo) {
    failures.push(`办件信息 shows ${caseNo}, expected ${expected.overdueCaseNo}`);
  }
  const matter = (await supervisor.locator('#township-case [data-field="matter"]').innerText()).trim();
  if (!matter.includes(expected.matterName)) {
    failures.push(`办件信息 shows the matter as ${matter}, expected ${expected.matterName}`);
  }
  await supervisor.screenshot({ path: `${shots}/cockpit-instance.png` });
  console.log('cockpit: opened', supervisor.url().replace(base, ''), caseNo, matter);

  // 3. A clerk has no Cockpit, and the dashboard data is refused to them
  const clerkFigures = await clerk.evaluate(async () => (await fetch('/api/metrics/dashboard')).status);
  if (clerkFigures !== 403) {
    failures.push(`clerk reading /api/metrics/dashboard got ${clerkFigures}, expected 403`);
  }
  const clerkReport = await clerk.evaluate(async () => (await fetch('/api/metrics/report.xlsx')).status);
  if (clerkReport !== 403) {
    failures.push(`clerk downloading /api/metrics/report.xlsx got ${clerkReport}, expected 403`);
  }
} catch (error) {
  failures.push(error.stack || String(error));
  // what every open page showed when it failed, for the one who reads the failure
  let n = 0;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      await page.screenshot({ path: `${shots}/failed-${++n}.png` }).catch(() => {});
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error('FAILED:\n' + failures.join('\n'));
  process.exit(1);
}
console.log('browser tests passed');
