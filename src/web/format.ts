/** Numbers as people read them: at most 4 decimals, thousands grouped, no float noise. */
export function num(x: number | null | undefined, lang: 'zh' | 'en' = 'zh'): string {
  if (x === null || x === undefined) return '—';
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 4 }).format(x);
}

/** An instant from the server ("2026-11-30 21:12:00.209+00" or ISO) to the minute, as people read it. */
export function when(s: string | null | undefined): string {
  if (!s) return '—';
  return s.replace('T', ' ').slice(0, 16);
}
