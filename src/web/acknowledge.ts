/**
 * Acknowledging a template warning in the editor (issue 8 §4: "warnings show until someone acknowledges
 * them"): the checker drops a warning whose `code@path` is in the template's `acknowledged:` list
 * (src/core/scoring/validate.ts `ackKey`), so acknowledging is adding that key to the list in the YAML
 * text. The edit is made on the text, line by line, rather than by re-serialising a parsed document: the
 * author's comments, flow maps and folded definitions stay exactly as written, and the editor shows a
 * one-line change.
 */
import type { Text } from './types.ts';

export const ACKNOWLEDGE_TEXT = {
  action: { zh: '确认此警告', en: 'Acknowledge' },
  hint: {
    zh: '把这条警告写入模板的 acknowledged 列表（保存后生效），它将不再显示',
    en: 'adds this warning to the template’s acknowledged list (kept when you save); it stops showing',
  },
  cannot: {
    zh: '无法自动修改 acknowledged：请在 YAML 中手工添加',
    en: 'acknowledged could not be edited automatically: add the key in the YAML by hand',
  },
} as const satisfies Record<string, Text>;

/** The key the checker compares: `code@path` (path empty when the problem has none). */
export function ackKeyOf(p: { code: string; where?: { path?: string | undefined } | undefined }): string {
  return `${p.code}@${p.where?.path ?? ''}`;
}

/** A YAML scalar as written in a list item: double-quoted, single-quoted or plain. */
function unquote(raw: string): string {
  const s = stripComment(raw).trim();
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1);
    }
  }
  if (s.startsWith("'") && s.endsWith("'") && s.length >= 2) return s.slice(1, -1).replaceAll("''", "'");
  return s;
}

/** Drops a trailing ` # comment` outside quotes. */
function stripComment(s: string): string {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]!))) return s.slice(0, i);
  }
  return s;
}

/** Splits a flow list's inside (`"a", 'b', c`) into its items, commas inside quotes kept. */
function flowItems(inner: string): string[] {
  const out: string[] = [];
  let quote: string | null = null;
  let cur = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') {
        cur += c + (inner[i + 1] ?? '');
        i++;
        continue;
      }
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',') {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.map(unquote).filter((x) => x !== '');
}

const TOP_KEY = /^acknowledged\s*:(.*)$/;
/** a line that still belongs to a block under a top-level key: blank, indented, or a "- " item at column 0 */
const inBlock = (line: string) => line.trim() === '' || /^\s/.test(line) || /^-(\s|$)/.test(line);

/**
 * The template text with `key` in its top-level `acknowledged:` list: appended to a block list (in its
 * indentation) or a one-line flow list, or a new list before `parts:` (at the end when there is none).
 * Unchanged when the key is listed already; `null` when the list is written in a shape this edit does
 * not handle (a flow list over several lines, a scalar), so the caller can say so instead of guessing.
 * @example
 * acknowledge('id: x\nacknowledged:\n  - "a@b"\nparts: {}\n', 'c@d')
 * // 'id: x\nacknowledged:\n  - "a@b"\n  - "c@d"\nparts: {}\n'
 */
export function acknowledge(yaml: string, key: string): string | null {
  const eol = yaml.includes('\r\n') ? '\r\n' : '\n';
  const lines = yaml.split(/\r?\n/);
  const quoted = JSON.stringify(key);
  const at = lines.findIndex((l) => TOP_KEY.test(l));

  if (at < 0) {
    const block = ['acknowledged:', `  - ${quoted}`];
    const parts = lines.findIndex((l) => /^parts\s*:/.test(l));
    if (parts >= 0) lines.splice(parts, 0, ...block, '');
    else {
      // at the end, before the final newline if the text has one
      const end = lines.at(-1) === '' ? lines.length - 1 : lines.length;
      lines.splice(end, 0, ...block);
    }
    return lines.join(eol);
  }

  const head = lines[at]!;
  const rest = stripComment(head.replace(TOP_KEY, '$1')).trim();

  if (rest.startsWith('[')) {
    if (!rest.endsWith(']')) return null;
    const inner = rest.slice(1, -1);
    if (flowItems(inner).includes(key)) return yaml;
    const close = head.lastIndexOf(']');
    const sep = inner.trim() === '' ? '' : ', ';
    const body = head.slice(0, close).replace(/\s+$/, '');
    lines[at] = `${body}${sep}${quoted}${head.slice(close)}`;
    return lines.join(eol);
  }
  if (rest !== '' && rest !== '~' && rest !== 'null') return null;

  // a block list: the lines under the key, its items the "- " ones
  let last = -1;
  let indent = '  ';
  for (let i = at + 1; i < lines.length && inBlock(lines[i]!); i++) {
    const m = /^(\s*)-(?:\s+(.*))?$/.exec(lines[i]!);
    if (!m) continue;
    if (unquote(m[2] ?? '') === key) return yaml;
    last = i;
    indent = m[1]!;
  }
  const item = `${indent}- ${quoted}`;
  if (last < 0) lines.splice(at + 1, 0, item);
  else lines.splice(last + 1, 0, item);
  // `acknowledged: ~` / `null` becomes a list
  if (rest !== '') lines[at] = head.replace(/:\s*(~|null)/, ':');
  return lines.join(eol);
}
