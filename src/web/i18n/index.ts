/**
 * i18next set up with both languages bundled (the strings are small); zh-CN is the default and the
 * choice is remembered in localStorage. Texts that come from the server are `{zh, en}` objects and are
 * picked with {@link pick}.
 */
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Text } from '../types.ts';
import { en } from './en.ts';
import { zh } from './zh.ts';

export type Lang = 'zh' | 'en';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof zh };
  }
}

const LANG_KEY = 'shopkpi.lang';

function initialLang(): Lang {
  try {
    return window.localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const first = initialLang();
document.documentElement.lang = first === 'zh' ? 'zh-CN' : 'en';

void i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: first,
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});

export function setLang(lang: Lang): void {
  try {
    window.localStorage.setItem(LANG_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export function pick(text: Text | null | undefined, lang: string): string {
  if (!text) return '';
  return lang.startsWith('en') ? text.en : text.zh;
}

/** `t` for keys, `tx` for server texts, `lang` the current language. */
export function useT() {
  const { t, i18n: inst } = useTranslation();
  const lang: Lang = inst.language.startsWith('en') ? 'en' : 'zh';
  const tx = (text: Text | null | undefined) => pick(text, lang);
  return { t, tx, lang };
}

export { i18n };
