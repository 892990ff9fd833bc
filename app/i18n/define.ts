/** Both languages side by side, so a missing German text is a type error. */
export function defineMessages<const K extends string>(
  en: Record<K, string>,
  de: Record<NoInfer<K>, string>,
): { en: Record<K, string>; de: Record<K, string> } {
  return { en, de };
}
