/**
 * Importing a 考核表 in the web app (issue 8 §5, web part). The server keeps no draft: the draft built
 * from the upload goes to the browser, and every later call sends it back whole with the person's
 * choices and sample actuals. Each answer is recomputed from those three by the same pure functions the
 * CLI uses (buildDraft via importSheet, resolveDraft, the scoring engine), so what the page shows is what
 * the template will give. Saving goes through template-service (check, examples, versions, audit).
 *
 * Where "the sheet's points" come from (the left column of the side-by-side):
 * - the sheet's own 示例实际值/自评得分 columns and totals row, when it has them (case "the sheet's
 *   example", read-only);
 * - otherwise what a person types as "what our Excel gives" at a sample actual;
 * - never the reading the person chose: comparing a reading with itself proves nothing, so a case with
 *   no stated points shows "—" and no match mark.
 * Every stated point becomes an example of the saved template, so the template's own check refuses to
 * save it when it gives other points than the sheet.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AppError, type Problem } from '../core/errors.ts';
import { describeInterval } from '../core/scoring/interval.ts';
import { pickSamples } from '../core/scoring/reader/samples.ts';
import { describeRule } from '../core/scoring/registry.ts';
import { scoreForm } from '../core/scoring/score-form.ts';
import type { DraftDoc, DraftExample, DraftItem, UnresolvedItem } from '../core/scoring/sheet/build-draft.ts';
import { draftSummary } from '../core/scoring/sheet/build-draft.ts';
import { isMoneyRow, type Resolution, resolveDraft } from '../core/scoring/sheet/draft-check.ts';
import type { RuleInFile } from '../core/scoring/sheet/rule-file.ts';
import { templateFromObject } from '../core/scoring/template-parse.ts';
import type { Rule, Template } from '../core/scoring/types.ts';
import { type Text, t } from '../core/text.ts';
import type { Sql } from '../db/open-db.ts';
import type { Actor } from './actor.ts';
import { draftYaml, importSheet } from './sheet-import.ts';
import type {
  Comparison,
  ComparisonCell,
  ReadingView,
  RowView,
  SampleCase,
  SaveOptions,
  SheetState,
  SheetView,
} from './sheet-types.ts';
import {
  checkYaml,
  createTemplateVersion,
  getTemplateVersion,
  type TemplateVersionInfo,
} from './template-service.ts';

const ALLOWED_EXT = new Set(['.xlsx', '.xlsm', '.csv']);

/** A file name safe to write in a temporary folder: no folders, a known extension. */
function safeName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'))
    .replace(/[^\p{L}\p{N}._ ()-]/gu, '_')
    .slice(-120);
  const ext = extname(base).toLowerCase();
  if (!ALLOWED_EXT.has(ext)) {
    throw new AppError('import_refused', t(`文件被拒绝: ${base}`, `file refused: ${base}`), [
      {
        severity: 'error',
        code: 'file_refused',
        message: t(
          `只接受 .xlsx 或 .csv 文件（收到“${ext || '无扩展名'}”）；旧版 .xls 请另存为 .xlsx`,
          `only .xlsx or .csv files are accepted (got "${ext || 'no extension'}"); save an old .xls as .xlsx`,
        ),
        where: { file: base },
      },
    ]);
  }
  return base === ext ? `sheet${ext}` : base;
}

/**
 * The importer and the reader also speak to people at a terminal ("用 --sheet 选择", "shopkpi pay
 * --ledger，或网页“薪资台账”"); through the web the same advice names what is on the page instead.
 */
const WEB_WORDING: Record<keyof Text, [RegExp, string][]> = {
  zh: [
    [/shopkpi [^，、（）]*?，或/g, ''],
    [/用 --sheet 选择：/g, '在上方“工作表”一栏填入其中一个名称，再上传一次：'],
  ],
  en: [
    [/shopkpi [^,()]*?, or /g, ''],
    [/choose another with --sheet: /g, 'type one of these in the Worksheet box above and upload again: '],
  ],
};

export function webText(x: Text): Text {
  const say = (lang: keyof Text) => WEB_WORDING[lang].reduce((s, [re, to]) => s.replace(re, to), x[lang]);
  return { zh: say('zh'), en: say('en') };
}

function webProblem(p: Problem): Problem {
  return { ...p, message: webText(p.message), ...(p.fix ? { fix: webText(p.fix) } : {}) };
}

/**
 * Reads an uploaded 考核表 (bytes) into a draft, through the same importer as `shopkpi sheet import`.
 * The bytes go to a private temporary folder that is removed afterwards; nothing else is written.
 */
export async function draftFromUpload(
  bytes: Uint8Array,
  fileName: string,
  opts: { sheet?: string; encoding?: string; effective: string },
): Promise<SheetState & { view: SheetView }> {
  const name = safeName(fileName);
  if (bytes.length === 0) {
    throw new AppError('import_refused', t(`文件被拒绝: ${name}`, `file refused: ${name}`), [
      {
        severity: 'error',
        code: 'sheet_empty',
        message: t('上传的文件是空的（0 字节）', 'the uploaded file is empty (0 bytes)'),
        where: { file: name },
      },
    ]);
  }
  const dir = await mkdtemp(join(tmpdir(), 'shopkpi-sheet-'));
  try {
    const path = join(dir, name);
    await writeFile(path, bytes);
    const { doc } = await importSheet(path, {
      effective: opts.effective,
      ...(opts.sheet ? { sheet: opts.sheet } : {}),
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
    }).catch((err: unknown) => {
      if (err instanceof AppError)
        throw new AppError(err.code, webText(err.text), err.problems.map(webProblem));
      throw err;
    });
    const state: SheetState = { draft: doc, choices: {}, cases: defaultCases(doc) };
    return { ...state, view: sheetView(state) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const clean = (x: number) => Number(x.toPrecision(10));

/** The rules a row's text was read as (one for a read row, every reading of an ambiguous one). */
function rowRules(item: DraftItem): RuleInFile[] {
  if (item.status === 'read' && item.rule) return [item.rule];
  return (item.readings ?? []).map((r) => r.rule);
}

/**
 * Default sample actuals: the sheet's own example first (when it has one), then three cases at 90 %,
 * 100 % and 110 % of each target; an indicator with no target takes the figures the reader picked
 * where its readings differ (low, middle, high), or 0. The cases are named by what they hold: "of
 * target" only when every indicator has a target.
 */
export function defaultCases(doc: DraftDoc): SampleCase[] {
  const out: SampleCase[] = [];
  const ex = doc.examples[0];
  if (ex) out.push(sheetCase(doc, ex));
  const spread: Record<string, number[]> = {};
  for (const ind of doc.indicators) {
    if (ind.target !== undefined) {
      spread[ind.id] = [0.9, 1, 1.1].map((k) => clean(ind.target! * k));
      continue;
    }
    const item = doc.draft.items.find((i) => i.id === ind.id);
    const xs = new Set<number>();
    if (item?.readings) for (const r of item.readings) for (const s of r.samples) xs.add(s.actual);
    if (item?.status === 'read' && item.rule) {
      const parsed = parseOne(doc, ind.id, item.rule);
      if (parsed.rule) {
        for (const s of pickSamples([parsed.rule], { target: null, weight: ind.weight ?? 0 })[0] ?? [])
          xs.add(s.actual);
      }
    }
    const ex0 = ex?.actuals[ind.id];
    if (ex0 !== undefined) xs.add(ex0);
    const sorted = [...xs].sort((a, b) => a - b);
    spread[ind.id] = sorted.length
      ? [sorted[0]!, sorted[Math.floor((sorted.length - 1) / 2)]!, sorted[sorted.length - 1]!]
      : [0, 0, 0];
  }
  const names = caseNames(doc.indicators.filter((i) => i.target !== undefined).length, doc.indicators.length);
  names.forEach((name, k) => {
    const actuals: Record<string, number | null> = {};
    for (const ind of doc.indicators) actuals[ind.id] = spread[ind.id]![k]!;
    out.push({ name, fromSheet: false, actuals, sheet: {} });
  });
  return out;
}

/** The three default cases' names, by what their actuals are (see defaultCases). */
function caseNames(withTarget: number, all: number): Text[] {
  const byTarget = [
    ['目标的90%', '90% of target'],
    ['达到目标', 'at target'],
    ['目标的110%', '110% of target'],
  ] as const;
  // the figures the reader picked for an indicator with no target, lowest to highest
  const bySpread = [
    ['低值', 'low'],
    ['中间值', 'middle'],
    ['高值', 'high'],
  ] as const;
  return [0, 1, 2].map((k) => {
    const [tz, te] = byTarget[k]!;
    const [sz, se] = bySpread[k]!;
    const n = k + 1;
    if (withTarget === all && all > 0) return t(`样例${n}（${tz}）`, `sample ${n} (${te})`);
    if (withTarget === 0) return t(`样例${n}（各指标取${sz}）`, `sample ${n} (${se} actuals)`);
    return t(`样例${n}（${tz}；无目标的取${sz}）`, `sample ${n} (${te}; ${se} where no target)`);
  });
}

function sheetCase(doc: DraftDoc, ex: DraftExample): SampleCase {
  const actuals: Record<string, number | null> = {};
  for (const ind of doc.indicators) actuals[ind.id] = ex.actuals[ind.id] ?? null;
  const sheet: Record<string, number | null> = {};
  for (const [id, p] of Object.entries(ex.expect.indicators ?? {})) sheet[id] = p;
  return {
    name: t('表内示例（示例实际值/自评得分）', "the sheet's example (its sample actuals and points)"),
    fromSheet: true,
    actuals,
    sheet,
    ...(ex.expect.total !== undefined ? { sheetTotal: ex.expect.total } : {}),
  };
}

/** The draft's header fields as a template with no indicators: the frame one-indicator templates are built in. */
function frame(doc: DraftDoc): Record<string, unknown> {
  const { draft: _draft, dimensions: _dims, examples: _examples, indicators: _inds, ...head } = doc;
  return head;
}

/**
 * Parses one rule in the draft's context (a template holding just this indicator), so that a reading is
 * described and scored exactly as the saved template will describe and score it.
 */
function parseOne(
  doc: DraftDoc,
  id: string,
  rule: unknown,
  extra: Record<string, unknown> = {},
): { rule?: Rule; template?: Template; problems: Problem[] } {
  const ind = doc.indicators.find((i) => i.id === id);
  if (!ind) return { problems: [] };
  const { rule: _r, ...rest } = ind;
  const parsed = templateFromObject(
    { ...frame(doc), indicators: [{ ...rest, weight: rest.weight ?? 10, ...extra, rule }] },
    `${id}.rule`,
  );
  const problems = parsed.problems
    .filter((p) => p.severity === 'error')
    .map((p) => {
      // the one-indicator frame is ours: name the field of the rule, not "indicators[0]"
      const strip = (x: string) => x.replace(/indicators\[0\]\.?/g, '');
      return {
        ...p,
        message: { zh: strip(p.message.zh), en: strip(p.message.en) },
        where: { ...p.where, file: `${id}`, ...(p.where.path ? { path: strip(p.where.path) } : {}) },
      };
    });
  if (!parsed.template || problems.length) return { problems };
  return { rule: parsed.template.indicators[0]!.rule, template: parsed.template, problems: [] };
}

const fmtValue = (v: number, unit: string): Text =>
  unit === 'percent' ? t(`满分的${v}%`, `${v}% of full points`) : t(`${v}分`, `${v} points`);

/** The rule in words: the engine's own description, with a band table's rows spelled out. */
export function ruleSentence(rule: Rule): Text {
  const head = describeRule(rule);
  if (rule.type !== 'bands') return head;
  const pctAxis = rule.on === 'completion';
  const rows = rule.bands.map((b) => {
    const iv = describeInterval(b.when, pctAxis);
    const v = fmtValue(b.value, rule.unit);
    return { zh: `${iv.zh}得${v.zh}`, en: `${iv.en}: ${v.en}` };
  });
  const els = fmtValue(rule.else, rule.unit);
  return {
    zh: `${head.zh}：${rows.map((r) => r.zh).join('；')}；其余${els.zh}`,
    en: `${head.en}: ${rows.map((r) => r.en).join('; ')}; otherwise ${els.en}`,
  };
}

function pointsAt(tpl: Template, id: string, cases: readonly SampleCase[]): (number | null)[] {
  return cases.map((c) => {
    const a = c.actuals[id];
    if (a === null || a === undefined) return null;
    return scoreForm(tpl, { employee: 'sample', actuals: { [id]: a } }).indicators[0]?.points ?? null;
  });
}

/** Parses a rule written by hand (YAML or JSON mapping); problems name the line or the field. */
function handRule(doc: DraftDoc, id: string, text: string): { rule?: Rule; problems: Problem[] } {
  let obj: unknown;
  try {
    obj = parseYaml(text, { maxAliasCount: 10 });
  } catch (err) {
    return {
      problems: [
        {
          severity: 'error',
          code: 'rule_yaml',
          message: t(
            `规则不是有效的 YAML：${(err as Error).message}`,
            `the rule is not valid YAML: ${(err as Error).message}`,
          ),
          where: { path: `${id}.rule` },
        },
      ],
    };
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    return {
      problems: [
        {
          severity: 'error',
          code: 'rule_yaml',
          message: t(
            '规则应是一个映射，例如 type: pass-fail',
            'the rule must be a mapping, e.g. type: pass-fail',
          ),
          where: { path: `${id}.rule` },
        },
      ],
    };
  }
  const { derive, ...rule } = obj as Record<string, unknown>;
  return parseOne(doc, id, rule, derive === undefined ? {} : { derive });
}

/** What settles an unresolved item on this page (the check's own fix says how in a draft file). */
function webFix(field: UnresolvedItem['field'], r: RowView): Text {
  if (field === 'rule' && r.money) {
    return t(
      `这一行是钱（元），不是考核分：点本页第${r.row}行的“删除此行”（移入薪资台账并记下原文），再调整其他行的满分，使合计仍为 100`,
      `this row is money (元), not appraisal points: click "Drop this row" in row ${r.row} on this page (it moves to the pay ledger; the text is kept on record), then adjust the other rows' full points so that they still total 100`,
    );
  }
  switch (field) {
    case 'reading':
      return t(
        `在本页第${r.row}行选一种读法（共${r.readings.length}种，每种在样例实际值下的得分列在旁边），或点“手写规则”`,
        `choose one of the ${r.readings.length} readings in row ${r.row} on this page (each shows its points at the sample actuals), or click "Write the rule"`,
      );
    case 'weight':
      return t(`在本页第${r.row}行填写满分`, `enter the full points in row ${r.row} on this page`);
    default:
      return t(
        `点本页第${r.row}行的“手写规则”，写出这一行的规则；若这一行不是考核分规则，点“删除此行”，再调整其他行的满分`,
        `click "Write the rule" in row ${r.row} on this page and write the row's rule; if the row is not a points rule, click "Drop this row" and adjust the other rows' full points`,
      );
  }
}

/** One blocker per item still open, naming the uploaded file, the sheet row and its text. */
function unresolvedBlockers(rows: readonly RowView[], file: string): Problem[] {
  return rows.flatMap((r) =>
    r.unresolved.map(
      (u): Problem => ({
        severity: 'error',
        code: 'draft_unresolved',
        // the importer says "write the rule by hand"; on this page a row can also be dropped
        message: t(
          `指标“${r.indicator}”（表中第${r.row}行）：${u.field === 'rule' ? u.zh.replace(/：请手写规则$/, '：请手写规则，或删除此行') : u.zh}`,
          `indicator "${r.indicator}" (sheet row ${r.row}): ${u.field === 'rule' ? u.en.replace(/: write the rule by hand$/, ': write the rule by hand, or drop the row') : u.en}`,
        ),
        where: { file, row: r.row, value: r.text },
        fix: webFix(u.field, r),
      }),
    ),
  );
}

/**
 * A weight check that fails because rows were dropped says so, and what to do on this page: the dropped
 * rows' full points no longer count, and the others' must be raised (or the part's) to total again.
 */
function afterDrop(p: Problem, rows: readonly RowView[], original: DraftDoc): Problem {
  if (p.code !== 'weights_total' && p.code !== 'dimension_weights') return p;
  if (p.where.path === 'dimensions') return p;
  const dropped = rows.filter((r) => r.dropped);
  if (dropped.length === 0) return p;
  const w = (id: string) => original.indicators.find((i) => i.id === id)?.weight;
  const zh = dropped.map((r) => `第${r.row}行“${r.indicator}”（满分 ${w(r.id) ?? '—'}）`).join('、');
  const en = dropped.map((r) => `row ${r.row} "${r.indicator}" (full points ${w(r.id) ?? '—'})`).join(', ');
  return {
    ...p,
    fix: t(
      `已删除${zh}，其满分不再计入：在本页其他行的“满分”框调高满分，使合计回到应有的数`,
      `${en} was dropped and its full points no longer count: raise the full points of other rows on this page (the "Full points" box) until they total as they must`,
    ),
  };
}

/** Applies the person's choices to the draft; hand-written rules with problems are left out (and reported). */
function applyChoices(state: SheetState): { doc: DraftDoc; ruleProblems: Map<string, Problem[]> } {
  const resolutions: Record<string, Resolution> = {};
  const ruleProblems = new Map<string, Problem[]>();
  for (const [id, ch] of Object.entries(state.choices)) {
    if (ch.drop) {
      resolutions[id] = { drop: true };
      continue;
    }
    const r: Resolution = {};
    if (ch.ruleYaml !== undefined && ch.ruleYaml.trim() !== '') {
      const hand = handRule(state.draft, id, ch.ruleYaml);
      if (hand.rule) {
        r.rule = hand.rule;
      } else ruleProblems.set(id, hand.problems);
    } else if (ch.reading !== undefined) r.reading = ch.reading;
    if (ch.weight !== undefined) r.weight = ch.weight;
    if (Object.keys(r).length) resolutions[id] = r;
  }
  return { doc: resolveDraft(state.draft, resolutions), ruleProblems };
}

/** The draft with the stated sample points as its examples (the sheet's own example stays first). */
function withExamples(doc: DraftDoc, cases: readonly SampleCase[]): DraftDoc {
  const examples: DraftExample[] = [...doc.examples];
  for (const c of cases) {
    if (c.fromSheet) continue;
    // a dropped row's figures are not the template's: its indicator is gone
    const known = new Set(doc.indicators.map((i) => i.id));
    const stated = Object.entries(c.sheet).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && known.has(e[0]),
    );
    const total = typeof c.sheetTotal === 'number' ? c.sheetTotal : undefined;
    if (stated.length === 0 && total === undefined) continue;
    const actuals: Record<string, number> = {};
    for (const [id, a] of Object.entries(c.actuals))
      if (typeof a === 'number' && known.has(id)) actuals[id] = a;
    examples.push({
      name: `${c.name.zh} / ${c.name.en}`,
      actuals,
      expect: { indicators: Object.fromEntries(stated), ...(total !== undefined ? { total } : {}) },
    });
  }
  return { ...doc, examples };
}

/** Scores every case with a whole template and sets it beside what the sheet states. */
export function compare(
  tpl: Template,
  cases: readonly SampleCase[],
  source: Comparison['source'],
): Comparison {
  const tol = 10 ** -(tpl.rounding.point + 2);
  const cell = (sheet: number | null | undefined, template: number | null): ComparisonCell => {
    const s = typeof sheet === 'number' ? sheet : null;
    return {
      sheet: s,
      template,
      match: s === null ? null : template !== null && Math.abs(s - template) < tol,
    };
  };
  let stated = 0;
  let allMatch = true;
  const out = cases.map((c) => {
    const actuals: Record<string, number> = {};
    for (const [id, a] of Object.entries(c.actuals)) if (typeof a === 'number') actuals[id] = a;
    const card = scoreForm(tpl, { employee: 'sample', actuals });
    const indicators = tpl.indicators.map((ind) => {
      const got = card.indicators.find((x) => x.id === ind.id);
      return { id: ind.id, name: ind.name.zh, ...cell(c.sheet[ind.id], got?.points ?? null) };
    });
    const total = cell(c.sheetTotal, card.total);
    for (const x of [...indicators, total]) {
      if (x.match === null) continue;
      stated++;
      if (!x.match) allMatch = false;
    }
    return { name: c.name, fromSheet: c.fromSheet, indicators, total };
  });
  return {
    source,
    template: `${tpl.id}@${tpl.version}`,
    cases: out,
    allMatch: allMatch && stated > 0,
    stated,
  };
}

/** The sample cases with the sheet's own example taken from the draft, never from the browser. */
function trustedCases(state: SheetState): SampleCase[] {
  const ex = state.draft.examples[0];
  const fromSheet = ex ? sheetCase(state.draft, ex) : undefined;
  return state.cases.map((c) =>
    c.fromSheet
      ? fromSheet
        ? { ...fromSheet, actuals: { ...fromSheet.actuals } }
        : { ...c, fromSheet: false }
      : c,
  );
}

/** Everything the page shows, recomputed from the draft, the choices and the sample cases. */
export function sheetView(input: SheetState): SheetView {
  const state = { ...input, cases: trustedCases(input) };
  const { doc, ruleProblems } = applyChoices(state);
  const cases = state.cases;
  const rows: RowView[] = doc.draft.items.map((item) => {
    const ind = doc.indicators.find((i) => i.id === item.id);
    // a dropped row has no indicator to score its readings in: it shows its text and why only
    const readings: ReadingView[] = (item.dropped ? [] : rowRules(item)).map((rule, k) => {
      const parsed = parseOne(
        doc,
        item.id,
        rule,
        item.readings?.[k]?.derive ? { derive: item.readings[k]!.derive } : {},
      );
      return {
        n: item.status === 'read' ? 0 : k + 1,
        note: item.status === 'read' ? null : (item.readings?.[k]?.note ?? null),
        sentence: parsed.rule ? ruleSentence(parsed.rule) : t('（无法解析）', '(does not parse)'),
        rule,
        // without full points (分值/权重 not stated) a reading's points mean nothing yet
        points:
          parsed.template && ind?.weight !== undefined
            ? pointsAt(parsed.template, item.id, cases)
            : cases.map(() => null),
      };
    });
    let current: RowView['current'] = null;
    if (ind?.rule) {
      const parsed = parseOne(doc, item.id, ind.rule, ind.derive ? { derive: ind.derive } : {});
      if (parsed.rule && parsed.template) {
        current = {
          sentence: ruleSentence(parsed.rule),
          rule: ind.rule,
          points: pointsAt(parsed.template, item.id, cases),
        };
      }
    }
    const chosen =
      item.chosen === undefined ? null : item.chosen === 'by hand' ? 'by hand' : item.chosen.reading;
    return {
      id: item.id,
      row: item.row,
      indicator: item.indicator,
      dimension: ind?.dimension ?? null,
      weight: ind?.weight ?? null,
      target: ind?.target ?? null,
      unit: ind?.unit ?? null,
      text: item.text,
      status: item.status,
      reason: item.reason ? webText(item.reason) : null,
      notes: (item.notes ?? []).map(webText),
      readings,
      chosen,
      current,
      unresolved: (item.unresolved ?? []).map((u) => ({ ...u, ...webText(u) })),
      ruleProblems: ruleProblems.get(item.id) ?? [],
      dropped: item.dropped ? { text: item.dropped.text, why: webText(item.dropped.why) } : null,
      money: isMoneyRow(item),
    };
  });

  const withEx = withExamples(doc, cases);
  const yaml = draftYaml(withEx);
  const blockers: Problem[] = [];
  for (const r of rows) {
    for (const p of r.ruleProblems) blockers.push({ ...p, where: { ...p.where, row: r.row } });
  }
  blockers.push(...unresolvedBlockers(rows, doc.draft.source.file));
  const report = checkYaml(yaml);
  // the check's own draft_unresolved problems are worded for a file and the CLI (`--pick`, "delete
  // draft.items[i].unresolved"); the ones above say the same for this page
  const errors = report.problems.filter((p) => p.severity === 'error' && p.code !== 'draft_unresolved');
  blockers.push(...errors.map((p) => webProblem(afterDrop(p, rows, state.draft))));
  for (const ex of report.examples.filter((e) => !e.ok)) {
    blockers.push({
      severity: 'error',
      code: 'example_failed',
      message: t(
        `示例“${ex.name}”与表中得分不符：${ex.mismatches.map((m) => m.zh).join('；')}`,
        `example "${ex.name}" differs from the sheet: ${ex.mismatches.map((m) => m.en).join('; ')}`,
      ),
      where: { path: 'examples' },
    });
  }
  let comparison: Comparison | null = null;
  if (rows.every((r) => r.current !== null || r.dropped !== null)) {
    const parsed = templateFromObject(parseYaml(yaml) as unknown, 'draft.yaml');
    if (parsed.template) comparison = compare(parsed.template, cases, 'draft');
  }
  return {
    summary: draftSummary(doc),
    source: doc.draft.source,
    notes: doc.draft.notes.map(webText),
    rows,
    cases,
    comparison,
    blockers,
    canSave: blockers.length === 0,
    yaml,
  };
}

/**
 * Saves the resolved draft as a new template version (template-service: check, examples, audit), then
 * reads the stored version back and scores the sample cases with it for the side-by-side. Refused with
 * every remaining item listed while anything is unresolved.
 */
export async function saveSheetTemplate(
  db: Sql,
  actor: Actor,
  state: SheetState,
  opts: SaveOptions,
): Promise<{ template: TemplateVersionInfo; comparison: Comparison }> {
  const view = sheetView(state);
  if (!view.canSave) {
    throw new AppError(
      'invalid_template',
      t(
        `还有 ${view.blockers.length} 项未解决，不能保存为模板`,
        `${view.blockers.length} items are still open: the draft cannot be saved as a template`,
      ),
      view.blockers,
    );
  }
  const doc = parseYaml(view.yaml) as Record<string, unknown>;
  const out = {
    ...doc,
    ...(opts.id ? { id: opts.id } : {}),
    version: opts.version,
    ...(opts.family ? { family: opts.family } : {}),
    ...(opts.effective ? { effective: opts.effective } : {}),
    ...(opts.name ? { name: opts.name } : {}),
  };
  // the same YAML as the view showed, with the names the person gave; template-service checks it again
  const yaml = draftYaml(out as unknown as DraftDoc);
  const saved = await createTemplateVersion(
    db,
    actor,
    yaml,
    opts.reason ?? '由考核表导入 / imported from a score sheet',
  );
  const stored = await getTemplateVersion(db, actor.company, saved.id, saved.version);
  return { template: saved, comparison: compare(stored.template, view.cases, 'saved') };
}

export type {
  Comparison,
  ComparisonCell,
  ReadingView,
  RowView,
  SampleCase,
  SaveOptions,
  SheetChoice,
  SheetState,
  SheetView,
} from './sheet-types.ts';
