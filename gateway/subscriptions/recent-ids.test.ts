import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it('tells an id seen before, and forgets the oldest past its capacity', () => {
    const ids = new RecentIds(2);
    expect(ids.add('a')).toBe(true);
    expect(ids.add('a')).toBe(false);
    expect(ids.add('b')).toBe(true);
    expect(ids.add('c')).toBe(true);
    expect(ids.has('a')).toBe(false);
    expect(ids.has('b') && ids.has('c')).toBe(true);
  });
});
