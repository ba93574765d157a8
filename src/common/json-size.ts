const measured = new WeakMap<object, number>();

class TooLarge extends Error {}

/**
 * The size of `value` as JSON, roughly in bytes (a string counts its length: UTF-16 units, which is what
 * JSON.stringify makes before encoding), found by a walk that stops once the count passes `cap` (then
 * Infinity), so that an answer too large to keep or send is known before a string of its size is made.
 * Remembered per object: the answer-size limit and the response cache both ask about the same answer.
 */
export function jsonSize(value: object, cap: number): number {
  const known = measured.get(value);
  if (known !== undefined) return known;
  let size = 0;
  const walk = (item: unknown): void => {
    if (typeof item === 'string') size += item.length + 2;
    else if (item === null || typeof item !== 'object') size += 8;
    else if (item instanceof Date) size += 26;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (let i = 0; i < item.length; i++) walk(item[i]);
    } else {
      for (const key in item) {
        size += key.length + 4;
        walk((item as Record<string, unknown>)[key]);
      }
    }
    if (size > cap) throw new TooLarge();
  };
  let result: number;
  try {
    walk(value);
    result = size;
  } catch (error) {
    if (!(error instanceof TooLarge)) throw error;
    result = Number.POSITIVE_INFINITY;
  }
  measured.set(value, result);
  return result;
}
