import { readDemoData } from '../demo/demo-data.js';
import { isValidOrgNumber, mod11CheckDigit } from './org-number.js';

describe('isValidOrgNumber (MOD11)', () => {
  const demoNumbers = readDemoData().organizations.map((o) => o.orgNumber);

  it('accepts every organisation number of the demo data', () => {
    expect(demoNumbers.length).toBeGreaterThanOrEqual(17);
    for (const orgNumber of demoNumbers) expect([orgNumber, isValidOrgNumber(orgNumber)]).toEqual([orgNumber, true]);
  });

  it('refuses each demo number with its check digit altered', () => {
    for (const orgNumber of demoNumbers) {
      const wrongCheck = `${orgNumber.slice(0, 8)}${(Number(orgNumber[8]) + 1) % 10}`;
      expect([wrongCheck, isValidOrgNumber(wrongCheck)]).toEqual([wrongCheck, false]);
    }
  });

  it('refuses each demo number with two neighbouring digits swapped, where that changes the number', () => {
    for (const orgNumber of demoNumbers) {
      const swapped = `${orgNumber[1]}${orgNumber[0]}${orgNumber.slice(2)}`;
      if (swapped !== orgNumber) expect([swapped, isValidOrgNumber(swapped)]).toEqual([swapped, false]);
    }
  });

  it.each(['97476067', '9747606733', '97476067a', ' 974760673', '974 760 673', ''])(
    'refuses %p, which is not 9 digits',
    (value) => {
      expect(isValidOrgNumber(value)).toBe(false);
    },
  );

  it('computes the check digit of Brønnøysundregistrene (974760673) and knows remainder 1 has none', () => {
    expect(mod11CheckDigit('97476067')).toBe(3);
    expect(mod11CheckDigit('10000000')).toBe(8); // 3 * 1 = 3; 11 - 3 = 8
    expect(mod11CheckDigit('00000000')).toBe(0); // remainder 0 gives check digit 0
    expect(mod11CheckDigit('00000006')).toBeNull(); // 2 * 6 = 12, remainder 1: check digit 10 is never issued
  });
});
