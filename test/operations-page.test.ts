import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { loadDemoData } from '../demo/load';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const OVERVIEW = `{ operationsOverview {
  subgraphs { subgraph backlog }
  deadLettersByReason { key count } discrepanciesByCode { key count } slaBreachesByCode { key count }
  funnel { stage count stuck }
} }`;

/** The text of each cell of a row of one of the page's tables, by the row's key. */
async function row(page: Page, table: string, key: string): Promise<string[]> {
  return page.locator(`#${table} tr[data-key="${key}"] td`).allInnerTexts();
}

describe('the operations page (GET /operations) in headless Chromium', () => {
  let t: TestStack;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestStack(undefined, undefined, undefined, undefined, { slaIntervalMs: 0 });
    await loadDemoData(t.runtime, silentLogger);
    base = t.gatewayUrl.replace(/\/graphql$/, '');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t.dispose();
  });

  async function open(token: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    // Offline: anything not served by this gateway fails the test.
    const foreign: string[] = [];
    page.on('request', (request) => void (request.url().startsWith(base) || foreign.push(request.url())));
    await page.goto(`${base}/operations?interval=300`);
    await page.fill('#token', token);
    await page.dispatchEvent('#token', 'change');
    expect(foreign).toEqual([]);
    return page;
  }

  it('shows the numbers the graph returns for the demo data, and updates when an event is posted', async () => {
    const rep = await t.token(Role.ServiceRep);
    const page = await open(rep);
    await page.waitForSelector('#funnel tr[data-key="ORDERED"]', { timeout: 20_000 });
    const overview = (await t.graphql(OVERVIEW, {}, rep)).body.data.operationsOverview;
    expect(overview.funnel[0].count).toBeGreaterThan(0);
    for (const stage of overview.funnel) {
      expect(await row(page, 'funnel', stage.stage)).toEqual(
        expect.arrayContaining([stage.stage, String(stage.count), String(stage.stuck)]),
      );
    }
    expect(overview.discrepanciesByCode.length).toBeGreaterThan(0);
    for (const d of overview.discrepanciesByCode) expect(await row(page, 'discrepancies', d.key)).toEqual([d.key, String(d.count)]);
    for (const d of overview.deadLettersByReason) expect(await row(page, 'dead', d.key)).toEqual([d.key, String(d.count)]);
    for (const s of overview.subgraphs)
      expect((await row(page, 'backlog', s.subgraph)).slice(0, 2)).toEqual([s.subgraph, String(s.backlog)]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'operations-page.png'), fullPage: true });

    const ordered = overview.funnel[0].count;
    await t.ingest(orderWithShipments('ORD-OPS', 'CUST-OPS', ['SHP-OPS']));
    // Expressions run in the page (the test's own TypeScript has no DOM types).
    await page.waitForFunction(
      `document.querySelector('#funnel tr[data-key="ORDERED"] td:nth-child(2)')?.textContent === '${ordered + 1}'`,
      undefined,
      { timeout: 20_000 },
    );
    await page.waitForSelector('#events tr[data-key="erp.order.released"]', { timeout: 20_000 });
    expect(await row(page, 'events', 'erp.order.released')).toEqual(expect.arrayContaining(['erp.order.released', 'accepted', '1']));
    await page.screenshot({ path: path.join(ARTIFACTS, 'operations-page-updated.png'), fullPage: true });
  });

  it('refuses a customer token', async () => {
    const page = await open(await t.token(Role.Customer, 'CUST-OPS'));
    await page.waitForFunction(`document.getElementById('status')?.textContent?.includes('FORBIDDEN')`, undefined, { timeout: 20_000 });
    expect(await page.locator('#panels').isHidden()).toBe(true);
    expect(await page.locator('#funnel tr[data-key]').count()).toBe(0);
    const direct = await fetch(`${base}/operations/ingest`, {
      headers: { authorization: `Bearer ${await t.token(Role.Customer, 'CUST-OPS')}` },
    });
    expect(direct.status).toBe(403);
  });
});
