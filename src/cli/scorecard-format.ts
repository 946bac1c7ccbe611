/** Renders scorecards as a text table, CSV, or an explanation, for the CLI. */

import { applyDistribution } from '../core/scoring/distribution.ts';
import type { Scorecard } from '../core/scoring/score-form.ts';
import type { DistributionSpec, Template } from '../core/scoring/types.ts';
import type { Lang } from '../core/text.ts';

/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}
function pad(s: string, w: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

export function renderTable(rows: string[][], numericFrom = 2): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows
    .map((r, i) =>
      r
        .map((cell, c) => pad(cell, widths[c]!, i > 0 && c >= numericFrom))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function fmt(x: number | null | undefined, point: number): string {
  return x === null || x === undefined ? '—' : x.toFixed(point);
}

export function scorecardRows(tpl: Template, cards: Scorecard[], lang: Lang): string[][] {
  const p = tpl.rounding.point;
  const head = [
    lang === 'zh' ? '员工' : 'employee',
    lang === 'zh' ? '姓名' : 'name',
    ...tpl.indicators.map((i) => i.name[lang]),
    'KPI',
    lang === 'zh' ? '行为' : 'behaviour',
    lang === 'zh' ? '附加' : 'additional',
    lang === 'zh' ? '考勤' : 'attendance',
    lang === 'zh' ? '总分' : 'total',
    lang === 'zh' ? '等级' : 'grade',
  ];
  const rows = cards.map((c) => [
    c.employee,
    c.name ?? '',
    ...c.indicators.map((i) => (i.dropped ? (lang === 'zh' ? '不计' : 'n/a') : fmt(i.points, p))),
    fmt(c.kpi.contribution, p),
    c.behaviour ? fmt(c.behaviour.contribution, p) : '—',
    fmt(c.additional, p),
    fmt(c.attendance, p),
    fmt(c.total, p),
    c.grade ?? '—',
  ]);
  return [head, ...rows];
}

/** CSV with every cell that starts like a formula (= + - @) prefixed with ' so spreadsheets show it as text. */
export function toCsv(rows: string[][]): string {
  const esc = (s: string) => {
    const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `\uFEFF${rows.map((r) => r.map(esc).join(',')).join('\r\n')}\r\n`;
}

export function explainCard(tpl: Template, c: Scorecard, lang: Lang): string {
  const lines: string[] = [];
  lines.push(`${c.employee}${c.name ? ` ${c.name}` : ''} — ${c.template}`);
  for (const i of c.indicators) {
    lines.push(
      `  ${i.name[lang]} [${i.id}]: ${i.dropped ? (lang === 'zh' ? '不计分' : 'not scored') : fmt(i.points, tpl.rounding.point)} / ${i.effectiveWeight}`,
    );
    if (i.trace) {
      lines.push(`    ${lang === 'zh' ? '规则' : 'rule'}: ${i.trace.rule[lang]}`);
      const inputs = i.trace.inputs
        .map((x) => `${x.name}=${x.value}${x.source ? ` (${x.source})` : ''}`)
        .join(', ');
      if (inputs) lines.push(`    ${lang === 'zh' ? '输入' : 'inputs'}: ${inputs}`);
      for (const s of i.trace.steps) lines.push(`    · ${s[lang]}`);
    }
  }
  for (const s of c.steps ?? []) lines.push(`  ${s[lang]}`);
  for (const p of c.problems) lines.push(`  ! ${p.message[lang]}`);
  return lines.join('\n');
}

/** The grade distribution against the template's declared quota (强制分布), with the people it would move. */
export function renderDistribution(spec: DistributionSpec, cards: Scorecard[], lang: Lang): string {
  const people = cards
    .filter((c) => c.total !== null)
    .map((c) => ({ employee: c.employee, total: c.total!, grade: c.grade }));
  const d = applyDistribution(people, spec);
  const zh = lang === 'zh';
  const rows = [
    [
      zh ? '等级' : 'grade',
      zh ? '比例' : 'share',
      zh ? '名额(精确)' : 'exact',
      zh ? '名额' : 'allowed',
      zh ? '实际' : 'actual',
    ],
    ...d.counts.map((c) => [
      c.grade,
      `${(c.share * 100).toFixed(0)}%`,
      c.exact.toFixed(2),
      String(c.allowed),
      String(c.actual),
    ]),
  ];
  const lines = [
    zh ? `强制分布（${d.size} 人，最大余额法）` : `Forced distribution (${d.size} people, largest remainder)`,
    renderTable(rows),
  ];
  const moved = d.ranked.filter((r) => !r.withinQuota);
  if (moved.length) {
    lines.push(zh ? '按名额需调整：' : 'outside the quota:');
    for (const r of moved) lines.push(`  ${r.employee} ${r.total} ${r.grade ?? '—'} → ${r.allowed}`);
  }
  for (const note of d.notes) lines.push(`! ${note[lang]}`);
  return lines.join('\n');
}
