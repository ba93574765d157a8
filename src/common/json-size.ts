const measured = new WeakMap<object, number>();

/**
 * The size of `value` as JSON in bytes, found by a walk that stops once the count passes `cap` (then
 * Infinity), so that an answer too large to keep or send is known before a string of its size is made.
 * Strings count as UTF-8 (escapes a little under). Remembered per object: the answer-size limit and the
 * response cache both ask about the same answer.
 */
export function jsonSize(value: object, cap: number): number {
  const known = measured.get(value);
  if (known !== undefined) return known;
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= cap) {
    const item = stack.pop();
    if (typeof item === 'string') size += Buffer.byteLength(item, 'utf8') + 2;
    else if (item === null || typeof item !== 'object') size += 8;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
    } else if (item instanceof Date) size += 26;
    else {
      for (const key in item) {
        size += key.length + 4;
        stack.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  const result = size > cap ? Number.POSITIVE_INFINITY : size;
  measured.set(value, result);
  return result;
}
