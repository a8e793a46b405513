import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

describe('the explorer runs subscriptions', () => {
  let t: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest(orderWithShipments('ORD-X', 'CUST-X', ['SHP-X']));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t.dispose();
  });

  it('streams shipmentUpdated into the page over SSE', async () => {
    const token = await t.token(Role.ServiceRep);
    const page = await browser.newPage();
    await page.goto(t.gatewayUrl, { waitUntil: 'load' });
    // Start the subscription in the page and collect what the explorer's fetcher yields.
    await page.evaluate((bearer) => {
      const w = globalThis as any;
      w.received = [];
      // Runs on in the page while the test feeds events; a failure arrives as a result the test then sees.
      void (async () => {
        for await (const result of await w.ladingFetcherFor(bearer)({
          query: 'subscription { shipmentUpdated(shipmentId: "SHP-X") { milestone { eventId } shipment { id status } } }',
        }))
          w.received.push(result);
      })().catch((error: Error) => w.received.push({ errors: [{ message: `explorer fetcher failed: ${error.message}` }] }));
    }, token);
    let n = 0;
    // Events until the subscription is attached and one has arrived in the page.
    while ((await page.evaluate(() => (globalThis as any).received.length)) === 0) {
      if (++n > 50) throw new Error('nothing reached the explorer');
      await t.ingest([
        event(EventType.InTransit, 'SHP-X', { location: `Hub ${n}` }, new Date(Date.UTC(2026, 10, 5, 8, n)).toISOString(), `x-${n}`),
      ]);
      await page.waitForFunction(() => (globalThis as any).received.length > 0, undefined, { timeout: 500 }).catch(() => undefined);
    }
    const [first] = await page.evaluate(() => (globalThis as any).received);
    expect(first.data.shipmentUpdated.shipment).toEqual({ id: 'SHP-X', status: 'IN_TRANSIT' });
    await page.close();
  }, 60_000);
});
