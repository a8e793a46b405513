import { appliesEventType } from './event-consumers';
import { EventType } from './types';

const handles = async () => undefined;

describe('event consumers', () => {
  const handlers: Record<string, Partial<Record<EventType, unknown>>> = {
    orders: { [EventType.OrderCreated]: handles },
    warehouse: { [EventType.PickConfirmed]: handles },
    transport: { [EventType.PickConfirmed]: handles, [EventType.Delivered]: handles },
    finance: {},
  };

  it.each([
    // Every subgraph keeps order events: each has its own directory of aggregates.
    [EventType.OrderCancelled, ['orders', 'warehouse', 'transport', 'finance']],
    [EventType.PickConfirmed, ['warehouse', 'transport']],
    [EventType.Delivered, ['transport']],
    [EventType.AccrualCreated, []],
  ])('%s is applied by %j', (type, expected) => {
    expect(Object.keys(handlers).filter((name) => appliesEventType(handlers[name], type))).toEqual(expected);
  });
});
