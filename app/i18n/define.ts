/** The three languages side by side, so a missing German or Dutch text is a type error. */
export function defineMessages<const K extends string>(
  en: Record<K, string>,
  de: Record<NoInfer<K>, string>,
  nl: Record<NoInfer<K>, string>,
): { en: Record<K, string>; de: Record<K, string>; nl: Record<K, string> } {
  return { en, de, nl };
}
