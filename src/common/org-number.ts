/** Weights of the Norwegian organisation number's MOD11 check digit (Brønnøysundregistrene). */
const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** The check digit for the first eight digits, or null when none exists (remainder 1 gives 10: never issued). */
export function mod11CheckDigit(firstEight: string): number | null {
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(firstEight[i]), 0);
  const remainder = sum % 11;
  if (remainder === 0) return 0;
  const check = 11 - remainder;
  return check === 10 ? null : check;
}

/** Nine digits: what every organisation number looks like (whether or not its check digit is right). */
export function isOrgNumberFormat(value: string): boolean {
  return /^\d{9}$/.test(value);
}

/** 9 digits with a valid MOD11 check digit. */
export function isValidOrgNumber(value: string): boolean {
  if (!isOrgNumberFormat(value)) return false;
  return mod11CheckDigit(value.slice(0, 8)) === Number(value[8]);
}
