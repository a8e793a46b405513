import { fromKeyPart, keyPart } from './keys';

describe('keyPart', () => {
  it('leaves ordinary ids as they are, so stored keys stay readable', () => {
    for (const id of ['CUST-0001', 'SHP-000123', 'DC-EAST', 'SKU_1.2', 'DELIVERED']) expect(keyPart(id)).toBe(id);
  });

  it('escapes separators so that no value reaches another key', () => {
    expect(keyPart('CUST-0002:status:DELIVERED')).toBe('CUST-0002%3Astatus%3ADELIVERED');
    const values = ['a:b', 'a%3Ab', 'a|b', 'a%7Cb', 'a%b', 'a%25b', 'a b', 'a{b}', 'a\u0000b', 'a\nb', 'ab'];
    const escaped = values.map(keyPart);
    expect(new Set(escaped).size).toBe(values.length);
    // eslint-disable-next-line no-control-regex -- the test is that no NUL survives
    for (const e of escaped) expect(e).not.toMatch(/[:|{}\s\u0000]/);
  });

  it('is undone exactly by fromKeyPart, which routes are read back with', () => {
    for (const value of ['SHP|7 A', 'a%3Ab', 'a{b}:c', 'ÄÖ-1', 'CUST-0001']) expect(fromKeyPart(keyPart(value))).toBe(value);
  });
});
