import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { launchChromium } from './support/browser';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const ARTIFACTS = path.join(__dirname, 'artifacts');

/** The service reps' explorer, driven in headless Chromium as a rep would use it: token, schema, query. */
describe('the explorer in a browser', () => {
  let t: TestStack;
  let browser: Browser;
  let page: Page;
  const graphqlPosts: Request[] = [];

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest([
      ...orderWithShipments('ORD-1', 'CUST-0001', ['SHP-1']),
      event(EventType.PickedUp, 'SHP-1', { location: 'Rotterdam' }, '2026-11-02T08:00:00Z'),
    ]);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url() === t.gatewayUrl) graphqlPosts.push(request);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
  });

  /** The text of the editors and panes GraphiQL shows (CodeMirror keeps it in the DOM). */
  // Strings, not functions: they run in the page, and this project type-checks without the DOM library.
  const visibleText = () => page.evaluate<string>('document.body.innerText');
  const responseText = "document.querySelector('.graphiql-response')?.textContent ?? ''";

  it('asks for a token first and fetches nothing before it has one', async () => {
    await page.goto(t.gatewayUrl);
    await page.getByLabel('Bearer token').waitFor();
    await expect(
      page
        .getByText(/paste a service_rep token/i)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    const text = await visibleText();
    expect(text).not.toMatch(/Error fetching schema/i);
    expect(graphqlPosts).toHaveLength(0);
  }, 30_000);

  it('loads the schema with the token and opens on sample operations, not the stock welcome text', async () => {
    const introspection = page.waitForResponse((r) => r.url() === t.gatewayUrl && (r.request().postData() ?? '').includes('__schema'));
    await page.getByLabel('Bearer token').fill(await t.token(Role.ServiceRep));
    await page.getByRole('button', { name: /use token/i }).click();
    expect((await introspection).status()).toBe(200);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    await page.waitForFunction("(document.querySelector('.graphiql-query-editor')?.textContent ?? '').includes('shipments')");
    const text = await visibleText();
    expect(text).not.toMatch(/Welcome to GraphiQL/);
    expect(text).not.toMatch(/Error fetching schema/i);
    expect(await page.locator('.graphiql-tab').count()).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it('runs the sample query and shows the data', async () => {
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(`(${responseText}).includes('SHP-1')`, undefined, { timeout: 15_000 });
    const response = await page.locator('.graphiql-response').innerText();
    expect(response).toContain('IN_TRANSIT');
    expect(response).not.toContain('"errors"');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer.png') });
  }, 30_000);

  it('sends what the Headers tab says, over the token bar', async () => {
    const customer = await t.token(Role.Customer, 'CUST-0002');
    await page.getByRole('button', { name: 'Headers' }).click();
    const headersEditor = page.locator('.graphiql-editor-tool .CodeMirror').last();
    await headersEditor.waitFor();
    await headersEditor.evaluate(
      (element, value) => (element as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(value),
      JSON.stringify({ Authorization: `Bearer ${customer}`, 'x-probe': 'from-headers-tab' }),
    );
    const sent = page.waitForRequest(
      (r) => r.url() === t.gatewayUrl && r.method() === 'POST' && !(r.postData() ?? '').includes('__schema'),
    );
    await page.locator('.graphiql-execute-button').click();
    const headers = (await sent).headers();
    expect(headers['x-probe']).toBe('from-headers-tab');
    expect(headers.authorization).toBe(`Bearer ${customer}`);
    // CUST-0002 may not see CUST-0001's shipment: the customer token from the tab really was used.
    await page.waitForFunction(`/"edges": \\[\\]/.test(${responseText})`, undefined, { timeout: 15_000 });
  }, 30_000);
});
