/**
 * Words shown to people, always in both languages the product speaks: zh-CN first, English second.
 * Every trace step, validation message and error carries one of these, never a bare string.
 */
export interface Text {
  zh: string;
  en: string;
}

export type Lang = 'zh' | 'en';

/** Builds a {@link Text}. @example t('达成率 126%', 'completion 126%') */
export function t(zh: string, en: string): Text {
  return { zh, en };
}

/** Picks one language of a {@link Text}. */
export function say(text: Text, lang: Lang): string {
  return text[lang];
}
