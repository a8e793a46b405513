import { compareStreamIds, positionOf, streamIdOf } from './stream-position';

describe('stream positions', () => {
  it('order lexically like the stream ids they encode', () => {
    const ids = ['9-0', '10-0', '10-1', '10-10', '10-2', '1700000000000-0', '1700000000000-11'];
    const numeric = [...ids].sort(compareStreamIds);
    expect(numeric).toEqual(['9-0', '10-0', '10-1', '10-2', '10-10', '1700000000000-0', '1700000000000-11']);
    expect(numeric.map(positionOf)).toEqual(numeric.map(positionOf).sort());
  });

  it('decode back to the stream id', () => {
    expect(streamIdOf(positionOf('1700000000000-7'))).toBe('1700000000000-7');
    expect(streamIdOf(positionOf('0-0'))).toBe('0-0');
  });

  it('reject what is not a position', () => {
    expect(() => streamIdOf('12-3')).toThrow('not an event log position');
    expect(() => streamIdOf('000000000000012-000003:x')).toThrow('not an event log position');
  });
});
