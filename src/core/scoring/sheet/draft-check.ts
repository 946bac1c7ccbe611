/**
 * A draft template (from `shopkpi sheet import`) cannot score until a person has settled every item the
 * importer could not: a reading to choose, a rule to write, a weight to state. `checkDraftSource` turns
 * each unresolved item into a `draft_unresolved` error (with the sheet row, the source text and the
 * readings with their sample points as the suggested fix); `resolveDraft` records a person's choices.
 */
import { parse as parseYaml } from 'yaml';
import type { CheckReport } from '../../check-report.ts';
import { AppError, type Problem } from '../../errors.ts';
import { type Text, t } from '../../text.ts';
import { parseTemplate } from '../template-parse.ts';
import type { Derive, Rule } from '../types.ts';
import type { DraftDoc, DraftItem, UnresolvedField } from './build-draft.ts';
import { ruleForFile } from './rule-file.ts';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fmt(n: number | null): string {
  return n === null ? '—' : String(n);
}

/** "读法1 …：在4.5%得20分，在4.875%得20分" for every reading, so that the fix shows what each one does. */
function readingsText(item: Record<string, unknown>): Text | undefined {
  const readings = Array.isArray(item.readings) ? item.readings : [];
  if (readings.length === 0) return undefined;
  const zh: string[] = [];
  const en: string[] = [];
  readings.forEach((r: unknown, i) => {
    if (!isObj(r)) return;
    const note = isObj(r.note) ? r.note : {};
    const samples = Array.isArray(r.samples) ? r.samples.filter(isObj) : [];
    const at = (lang: 'zh' | 'en') =>
      samples
        .map((s) =>
          lang === 'zh'
            ? `实际${fmt(s.actual as number)}得${fmt(s.points as number | null)}分`
            : `${fmt(s.points as number | null)} points at ${fmt(s.actual as number)}`,
        )
        .join(lang === 'zh' ? '，' : ', ');
    zh.push(`读法${i + 1}（${String(note.zh ?? '')}）：${at('zh')}`);
    en.push(`reading ${i + 1} (${String(note.en ?? '')}): ${at('en')}`);
  });
  return {
    zh: `选一种读法（shopkpi sheet resolve <文件> --pick ${String(item.id)}=序号）：${zh.join('；')}`,
    en: `choose a reading (shopkpi sheet resolve <file> --pick ${String(item.id)}=<number>): ${en.join('; ')}`,
  };
}

/**
 * Checks a template file's text for an unresolved draft. Returns null when the file has no `draft:`
 * section or every item is settled (the template is then checked as any other); otherwise a failed
 * report listing each unresolved item, plus the file's other shape problems (those about the indicators
 * left without a rule are left out: they are the same unresolved items).
 */
export function checkDraftSource(yamlText: string, file: string): CheckReport | null {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText, { maxAliasCount: 100 });
  } catch {
    return null; // the template parser reports the YAML error
  }
  if (!isObj(doc) || !isObj(doc.draft)) return null;
  const items = Array.isArray(doc.draft.items) ? doc.draft.items : [];
  const indicators = Array.isArray(doc.indicators) ? doc.indicators : [];
  const problems: Problem[] = [];
  const open = new Set<number>();
  items.forEach((it: unknown, i) => {
    if (!isObj(it)) return;
    const unresolved = Array.isArray(it.unresolved) ? it.unresolved.filter(isObj) : [];
    if (unresolved.length === 0) return;
    const idx = indicators.findIndex((ind: unknown) => isObj(ind) && ind.id === it.id);
    if (idx >= 0) open.add(idx);
    for (const u of unresolved) {
      const fix =
        u.field === 'reading'
          ? readingsText(it)
          : u.field === 'rule'
            ? t(
                `在 indicators[${idx}].rule 写出规则，然后删除 draft.items[${i}].unresolved`,
                `write the rule in indicators[${idx}].rule, then delete draft.items[${i}].unresolved`,
              )
            : t(
                `在 indicators[${idx}] 写明，然后删除 draft.items[${i}].unresolved`,
                `state it in indicators[${idx}], then delete draft.items[${i}].unresolved`,
              );
      problems.push({
        severity: 'error',
        code: 'draft_unresolved',
        message: {
          zh: `指标“${String(it.indicator ?? it.id)}”（表中第${String(it.row ?? '?')}行）：${String(u.zh ?? '')}`,
          en: `indicator "${String(it.indicator ?? it.id)}" (sheet row ${String(it.row ?? '?')}): ${String(u.en ?? '')}`,
        },
        where: {
          file,
          ...(typeof it.row === 'number' ? { row: it.row } : {}),
          path: `draft.items[${i}]`,
          ...(typeof it.text === 'string' ? { value: it.text } : {}),
        },
        ...(fix ? { fix } : {}),
      });
    }
  });
  if (problems.length === 0) return null;
  const parsed = parseTemplate(yamlText, file);
  const covered = (p: Problem) =>
    [...open].some(
      (i) => p.where.path === `indicators[${i}]` || p.where.path?.startsWith(`indicators[${i}].`),
    );
  problems.push(...parsed.problems.filter((p) => !covered(p)));
  return {
    kind: 'template',
    id: typeof doc.id === 'string' ? doc.id : '',
    version: typeof doc.version === 'string' ? doc.version : '',
    problems,
    examples: [],
    ok: false,
  };
}

/** A person's answer for one indicator of a draft. */
export interface Resolution {
  /** 1-based number of the reading chosen (as `check` lists them) */
  reading?: number;
  /** a rule written by hand (for a refused text, or instead of every reading) */
  rule?: Rule;
  /** full points, when the sheet gave none */
  weight?: number;
  /** with `rule`: the indicator's actual is derived (环比, team average, rank) */
  derive?: Derive;
  /**
   * the row is not a points rule (a money fine belongs in the pay ledger; a note is no indicator): its
   * indicator leaves the template and the draft keeps its text and why. Wins over the other fields.
   */
  drop?: boolean;
}

const SETTLES: Record<keyof Resolution, UnresolvedField[]> = {
  reading: ['reading'],
  rule: ['reading', 'rule', 'scale'],
  weight: ['weight'],
  derive: [],
  drop: ['reading', 'rule', 'scale', 'weight'],
};

/**
 * The reader refused the row as money (元): its reason says it is pay and names the pay ledger or the
 * pay plan (reader/refusals.ts). Such a row is never a points rule; dropping it is the usual answer.
 */
export function isMoneyRow(item: Pick<DraftItem, 'status' | 'reason'>): boolean {
  return item.status === 'refused' && /\bis pay\b/.test(item.reason?.en ?? '');
}

/** Why a dropped row left the template, for the record: money moves to the pay ledger (or the pay plan). */
function droppedWhy(item: DraftItem): Text {
  const ledger = /ledger/.test(item.reason?.en ?? '');
  return isMoneyRow(item)
    ? t(
        `第${item.row}行“${item.indicator}”是钱（元），不是考核分：移入${ledger ? '薪资台账' : '薪资方案'}，不计入模板`,
        `row ${item.row} "${item.indicator}" is money (元), not appraisal points: moved to the ${ledger ? 'pay ledger' : 'pay plan'}, not part of the template`,
      )
    : t(
        `第${item.row}行“${item.indicator}”不是考核分规则：已从模板中删除`,
        `row ${item.row} "${item.indicator}" is not a points rule: dropped from the template`,
      );
}

/**
 * Takes a dropped indicator out of the template: its examples' figures go with it, and a dimension left
 * with no indicator goes too. When the dimensions left no longer total 100, they are not declared at all
 * (as the importer does when a dimension states no weight) rather than left with a total nobody can fix
 * on the indicators; the weights of the indicators are checked either way.
 */
function dropIndicator(out: DraftDoc, id: string): void {
  const ind = out.indicators.find((x) => x.id === id);
  out.indicators = out.indicators.filter((x) => x.id !== id);
  for (const ex of out.examples) {
    delete ex.actuals[id];
    if (ex.expect.indicators) delete ex.expect.indicators[id];
  }
  const dim = ind?.dimension;
  if (dim === undefined || !out.dimensions || out.indicators.some((x) => x.dimension === dim)) return;
  const left = out.dimensions.filter((d) => d.name !== dim);
  const total = left.reduce((a, d) => a + d.weight, 0);
  if (left.length && Math.abs(total - 100) < 1e-9) {
    out.dimensions = left;
    return;
  }
  delete out.dimensions;
  out.draft.notes.push(
    t(
      `删除维度“${dim}”的唯一指标后，其余维度权重合计 ${total}，不再声明 dimensions（维度权重不校验）`,
      `with the only indicator of dimension "${dim}" dropped, the other dimensions total ${total}: no dimensions declared (their weights are not checked)`,
    ),
  );
}

/**
 * Applies a person's choices to a draft: the chosen reading (or hand-written rule) becomes the
 * indicator's rule, the item records what was chosen, and the items settled leave `unresolved`; a
 * dropped row's indicator leaves the template (the item keeps its text and why; the other weights must
 * then be adjusted to total 100 again, which the template check demands).
 * Returns a new document; the input is not changed. A choice for an unknown indicator or reading throws.
 */
export function resolveDraft(doc: DraftDoc, choices: Readonly<Record<string, Resolution>>): DraftDoc {
  const out = structuredClone(doc);
  for (const [id, choice] of Object.entries(choices)) {
    const item = out.draft.items.find((it) => it.id === id);
    const ind = out.indicators.find((x) => x.id === id);
    if (!item || !ind) {
      throw new AppError('invalid_input', t(`草稿中没有指标 ${id}`, `the draft has no indicator ${id}`));
    }
    if (choice.drop) {
      dropIndicator(out, id);
      item.dropped = { text: item.text, why: droppedWhy(item) };
      delete item.unresolved;
      delete item.chosen;
      continue;
    }
    const settled = new Set<UnresolvedField>();
    if (choice.reading !== undefined) {
      const r = item.readings?.[choice.reading - 1];
      if (!r) {
        throw new AppError(
          'invalid_input',
          t(
            `指标 ${id} 没有读法 ${choice.reading}（共${item.readings?.length ?? 0}种）`,
            `indicator ${id} has no reading ${choice.reading} (it has ${item.readings?.length ?? 0})`,
          ),
        );
      }
      ind.rule = r.rule;
      if (r.derive) ind.derive = r.derive;
      else delete ind.derive;
      if (r.inputs) ind.inputs = r.inputs;
      else delete ind.inputs;
      item.chosen = { reading: choice.reading, note: r.note };
      for (const f of SETTLES.reading) settled.add(f);
    }
    if (choice.rule !== undefined) {
      ind.rule = ruleForFile(choice.rule);
      if (choice.derive) ind.derive = choice.derive;
      else delete ind.derive;
      item.chosen = 'by hand';
      for (const f of SETTLES.rule) settled.add(f);
    }
    if (choice.weight !== undefined) {
      ind.weight = choice.weight;
      for (const f of SETTLES.weight) settled.add(f);
    }
    const left = (item.unresolved ?? []).filter((u) => !settled.has(u.field));
    if (left.length) item.unresolved = left;
    else delete item.unresolved;
  }
  return out;
}

/** Unresolved items left in a draft, for a summary line. */
export function unresolvedCount(items: readonly DraftItem[]): number {
  return items.reduce((a, it) => a + (it.unresolved?.length ?? 0), 0);
}
