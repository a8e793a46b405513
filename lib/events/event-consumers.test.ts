import { appliesEventType, eventConsumersOf } from './event-consumers';
import { EventType } from './types';

const handles = async () => undefined;

describe('event consumers', () => {
  const consumers = eventConsumersOf({
    orders: { [EventType.OrderCreated]: handles },
    warehouse: { [EventType.PickConfirmed]: handles },
    transport: { [EventType.PickConfirmed]: handles, [EventType.Delivered]: handles },
    finance: {},
  });

  it.each([
    // Every subgraph keeps order events: each has its own directory of aggregates.
    [EventType.OrderCancelled, ['orders', 'warehouse', 'transport', 'finance']],
    [EventType.PickConfirmed, ['warehouse', 'transport']],
    [EventType.Delivered, ['transport']],
    [EventType.AccrualCreated, []],
  ])('%s is applied by %j', (type, expected) => {
    expect(consumers(type)).toEqual(expected);
  });

  it('is the rule the applier uses', () => {
    expect(appliesEventType({}, EventType.OrderCreated)).toBe(true);
    expect(appliesEventType({}, EventType.Delivered)).toBe(false);
    expect(appliesEventType({ [EventType.Delivered]: handles }, EventType.Delivered)).toBe(true);
  });
});
