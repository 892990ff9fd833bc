/** The item at `index` (negative counts from the end), or a failed test that says what was missing. */
export function itemAt<T>(items: readonly T[], index: number): T {
  const item = items.at(index);
  if (item === undefined) throw new Error(`Expected an item at index ${index}, but the list has ${items.length}`);
  return item;
}

/** The value under `key`, or a failed test that names the missing key. */
export function entry<T>(record: Readonly<Record<string, T>>, key: string): T {
  const value = record[key];
  if (value === undefined) throw new Error(`Expected "${key}" among ${Object.keys(record).join(", ") || "no keys"}`);
  return value;
}
