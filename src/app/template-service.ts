/**
 * Template versions (模板版本) kept in the database: created from YAML only when the file parses,
 * validates and its examples come out as written (the same check as `shopkpi check`); editable until a
 * month applies them, then frozen (a change is a new version for a later period, domain.md §4).
 */

import type { CheckReport } from '../core/check-report.ts';
import { AppError, type Problem } from '../core/errors.ts';
import { checkTemplateSource } from '../core/scoring/check-template.ts';
import { describeRule } from '../core/scoring/registry.ts';
import { type PersonInput, type Scorecard, scoreForm } from '../core/scoring/score-form.ts';
import { parseTemplate } from '../core/scoring/template-parse.ts';
import type { Template } from '../core/scoring/types.ts';
import type { Text } from '../core/text.ts';
import { n, pct } from '../core/trace.ts';
import type { Sql } from '../db/open-db.ts';
import type { Actor } from './actor.ts';
import { writeAudit } from './audit-service.ts';
import { notFound } from './org-service.ts';

export interface TemplateVersionInfo {
  id: string;
  version: string;
  family: string;
  name: Text;
  effective: string;
  applied: boolean;
  createdBy: string;
  createdAt: string;
}

interface Row {
  template_id: string;
  version: string;
  family: string;
  name_zh: string;
  name_en: string;
  effective: string;
  applied: boolean;
  created_by: string;
  created_at: string;
  yaml?: string;
}

const info = (r: Row): TemplateVersionInfo => ({
  id: r.template_id,
  version: r.version,
  family: r.family,
  name: { zh: r.name_zh, en: r.name_en },
  effective: r.effective,
  applied: r.applied,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const COLS = 'template_id, version, family, name_zh, name_en, effective, applied, created_by, created_at';

export async function listTemplateVersions(db: Sql, company: string): Promise<TemplateVersionInfo[]> {
  const r = await db.query<Row>(
    `SELECT ${COLS} FROM template_version WHERE company_id = $1 ORDER BY template_id, effective DESC, version DESC`,
    [company],
  );
  return r.rows.map(info);
}

export async function getTemplateVersion(
  db: Sql,
  company: string,
  id: string,
  version: string,
): Promise<TemplateVersionInfo & { yaml: string; template: Template }> {
  const r = await db.query<Row>(
    `SELECT ${COLS}, yaml FROM template_version WHERE company_id = $1 AND template_id = $2 AND version = $3`,
    [company, id, version],
  );
  const row = r.rows[0];
  if (!row) throw notFound(`template ${id}@${version}`);
  return { ...info(row), yaml: row.yaml!, template: parsedTemplate(company, id, version, row.yaml!) };
}

// Parsed templates by company/id@version and the text they came from (a version's text can change until applied).
const cache = new Map<string, { yaml: string; template: Template }>();

/** The parsed model of a stored version (cached: parsing is the costly part of reading a form). */
export function parsedTemplate(company: string, id: string, version: string, yaml: string): Template {
  const key = `${company}/${id}@${version}`;
  const hit = cache.get(key);
  if (hit && hit.yaml === yaml) return hit.template;
  const parsed = parseTemplate(yaml, `${id}@${version}`);
  if (!parsed.template)
    throw new AppError(
      'invalid_template',
      { zh: `模板 ${id}@${version} 无法解析`, en: `template ${id}@${version} does not parse` },
      parsed.problems,
    );
  cache.set(key, { yaml, template: parsed.template });
  return parsed.template;
}

// The text of applied versions per database, by company/id@version: applied versions never change
// (updates refuse them). A transaction is its own key, so writes read the text afresh.
const appliedText = new WeakMap<Sql, Map<string, string>>();

/** The YAML of an applied version, read once per process and database. */
export async function appliedYaml(db: Sql, company: string, id: string, version: string): Promise<string> {
  const key = `${company}/${id}@${version}`;
  let cache = appliedText.get(db);
  if (!cache) {
    cache = new Map();
    appliedText.set(db, cache);
  }
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const r = await db.query<{ yaml: string; applied: boolean }>(
    'SELECT yaml, applied FROM template_version WHERE company_id = $1 AND template_id = $2 AND version = $3',
    [company, id, version],
  );
  const row = r.rows[0];
  if (!row) throw notFound(`template ${id}@${version}`);
  if (row.applied) cache.set(key, row.yaml);
  return row.yaml;
}

/** Check without saving: parse, validate, run the examples. */
export function checkYaml(yaml: string): CheckReport {
  return checkTemplateSource(yaml, 'template.yaml');
}

function refuseUnlessOk(report: CheckReport): void {
  if (report.ok) return;
  const problems: Problem[] = report.problems.filter((p) => p.severity === 'error');
  for (const ex of report.examples.filter((e) => !e.ok)) {
    problems.push({
      severity: 'error',
      code: 'example_failed',
      message: {
        zh: `示例“${ex.name}”不成立：${ex.mismatches.map((m) => m.zh).join('；')}`,
        en: `example "${ex.name}" fails: ${ex.mismatches.map((m) => m.en).join('; ')}`,
      },
      where: { path: 'examples' },
    });
  }
  throw new AppError(
    'invalid_template',
    { zh: '模板未通过校验', en: 'the template does not pass its check' },
    problems,
  );
}

/** Stores a new version; refused when the check fails or id@version exists. */
export async function createTemplateVersion(
  db: Sql,
  actor: Actor,
  yaml: string,
  why: string | null,
): Promise<TemplateVersionInfo> {
  const report = checkYaml(yaml);
  refuseUnlessOk(report);
  const tpl = parseTemplate(yaml).template!;
  const exists = await db.query(
    'SELECT 1 FROM template_version WHERE company_id = $1 AND template_id = $2 AND version = $3',
    [actor.company, tpl.id, tpl.version],
  );
  if (exists.rows.length)
    throw new AppError('conflict', {
      zh: `模板 ${tpl.id}@${tpl.version} 已存在：请改用新的版本号`,
      en: `template ${tpl.id}@${tpl.version} already exists: give the new one a new version`,
    });
  await db.query(
    `INSERT INTO template_version (company_id, template_id, version, family, name_zh, name_en, effective, yaml, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      actor.company,
      tpl.id,
      tpl.version,
      tpl.family,
      tpl.name.zh,
      tpl.name.en,
      tpl.effective,
      yaml,
      actor.login,
    ],
  );
  await writeAudit(db, actor, {
    entity: 'template',
    entityId: `${tpl.id}@${tpl.version}`,
    action: 'create',
    after: { family: tpl.family, effective: tpl.effective, yaml },
    why,
  });
  return await getTemplateVersion(db, actor.company, tpl.id, tpl.version);
}

/** Replaces the text of a version no month has applied yet; the id and version must stay. */
export async function updateTemplateVersion(
  db: Sql,
  actor: Actor,
  id: string,
  version: string,
  yaml: string,
  why: string | null,
): Promise<TemplateVersionInfo> {
  const before = await getTemplateVersion(db, actor.company, id, version);
  if (before.applied)
    throw new AppError('conflict', {
      zh: `模板 ${id}@${version} 已被考核月份使用，不能再修改：请创建新版本`,
      en: `template ${id}@${version} has been applied to a month and can no longer be edited: create a new version`,
    });
  refuseUnlessOk(checkYaml(yaml));
  const tpl = parseTemplate(yaml).template!;
  if (tpl.id !== id || tpl.version !== version)
    throw new AppError('invalid_input', {
      zh: `文件里的 id/version（${tpl.id}@${tpl.version}）与要修改的 ${id}@${version} 不一致`,
      en: `the file's id/version (${tpl.id}@${tpl.version}) differ from ${id}@${version} being edited`,
    });
  await db.query(
    `UPDATE template_version SET family = $4, name_zh = $5, name_en = $6, effective = $7, yaml = $8
     WHERE company_id = $1 AND template_id = $2 AND version = $3 AND NOT applied`,
    [actor.company, id, version, tpl.family, tpl.name.zh, tpl.name.en, tpl.effective, yaml],
  );
  await writeAudit(db, actor, {
    entity: 'template',
    entityId: `${id}@${version}`,
    action: 'update',
    before: { yaml: before.yaml },
    after: { yaml },
    why,
  });
  return getTemplateVersion(db, actor.company, id, version);
}

/** The version in force for a family on a day: the latest `effective` on or before it. */
export async function versionInForce(
  db: Sql,
  company: string,
  family: string,
  day: string,
): Promise<{ id: string; version: string; yaml: string } | undefined> {
  const r = await db.query<{ template_id: string; version: string; yaml: string }>(
    `SELECT template_id, version, yaml FROM template_version WHERE company_id = $1 AND family = $2 AND effective <= $3::date
     ORDER BY effective DESC, created_at DESC LIMIT 1`,
    [company, family, day],
  );
  const row = r.rows[0];
  return row ? { id: row.template_id, version: row.version, yaml: row.yaml } : undefined;
}

/** One template version that uses a library indicator, with the indicator's weight there. */
export interface LibraryUse {
  template: string;
  version: string;
  family: string;
  name: Text;
  weight: number;
}

/** An indicator of the KPI library (指标库): one definition, and every template in force that uses it. */
export interface LibraryIndicator {
  id: string;
  name: Text;
  definition: Text;
  metric: string;
  cycle: string;
  unit: string | null;
  owner: string | null;
  /** the rule in words, as the scorecard explains it */
  rule: Text;
  usedBy: LibraryUse[];
}

/**
 * The KPI library: every indicator of every template version in force on `day` (per template, the
 * latest `effective` on or before it). Indicators with the same id and the same definition, metric,
 * cycle, owner and rule are one entry used by several templates; the same id defined differently
 * stays separate entries, so a reader sees the difference instead of one of them silently winning.
 */
export async function kpiLibrary(db: Sql, company: string, day: string): Promise<LibraryIndicator[]> {
  const r = await db.query<Row & { yaml: string }>(
    `SELECT DISTINCT ON (template_id) ${COLS}, yaml FROM template_version
     WHERE company_id = $1 AND effective <= $2::date
     ORDER BY template_id, effective DESC, created_at DESC`,
    [company, day],
  );
  const byKey = new Map<string, LibraryIndicator>();
  for (const row of r.rows) {
    const tpl = parsedTemplate(company, row.template_id, row.version, row.yaml);
    for (const ind of tpl.indicators) {
      const entry: Omit<LibraryIndicator, 'usedBy'> = {
        id: ind.id,
        name: ind.name,
        definition: ind.definition,
        metric: ind.metric,
        cycle: ind.cycle,
        unit: ind.unit ?? null,
        owner: ind.owner ?? null,
        rule: describeRule(ind.rule),
      };
      const key = JSON.stringify(entry);
      const use: LibraryUse = {
        template: row.template_id,
        version: row.version,
        family: row.family,
        name: { zh: row.name_zh, en: row.name_en },
        weight: ind.weight,
      };
      const hit = byKey.get(key);
      if (hit) hit.usedBy.push(use);
      else byKey.set(key, { ...entry, usedBy: [use] });
    }
  }
  return [...byKey.values()].sort((a, b) => (a.id === b.id ? 0 : a.id < b.id ? -1 : 1));
}

/** A group figure a cohort or rank indicator was scored against in a preview, and where it came from. */
export interface PreviewGroupFigure {
  indicator: string;
  name: Text;
  kind: 'cohort' | 'rank';
  group: string;
  /** the aggregate a cohort indicator compares with; absent for a rank */
  agg?: string;
  /** what the figure is, without the value ("team mean"), to label an input for it */
  label: Text;
  value: number;
  /** 'request': the caller sent it; 'example': taken from the template's worked example named in `example` */
  from: 'request' | 'example';
  example?: string;
  /** "team mean 40% (from the template's example "typical month")", for display beside the total */
  text: Text;
}

// the groups a template may name (template-parse GROUP_NAMES), in words
const GROUP_TEXT: Record<string, Text> = {
  team: { zh: '团队', en: 'team' },
  family: { zh: '岗位族', en: 'job family' },
};

const AGG_TEXT: Record<string, Text> = {
  mean: { zh: '平均值', en: 'mean' },
  median: { zh: '中位数', en: 'median' },
  min: { zh: '最小值', en: 'min' },
  max: { zh: '最大值', en: 'max' },
  sum: { zh: '合计', en: 'sum' },
  headcount: { zh: '人数', en: 'headcount' },
};

/**
 * Scores one sample person with a template being edited (the live preview). A cohort or rank indicator needs
 * the group's figure, which a single person's month cannot give: the caller may send it in `person.cohort`
 * (by indicator id, as scoreGroup would compute it); otherwise the first worked example that carries one
 * lends it, so the preview still shows a total. Every figure used is returned with its source.
 */
export function previewTemplate(
  yaml: string,
  person: Omit<PersonInput, 'employee'>,
): { scorecard: Scorecard; groupFigures: PreviewGroupFigure[] } {
  const parsed = parseTemplate(yaml, 'template.yaml');
  if (!parsed.template)
    throw new AppError(
      'invalid_template',
      { zh: '模板无法解析', en: 'the template does not parse' },
      parsed.problems,
    );
  const tpl = parsed.template;
  const cohort: Record<string, number> = {};
  const groupFigures: PreviewGroupFigure[] = [];
  for (const ind of tpl.indicators) {
    const d = ind.derive;
    if (!d || (d.kind !== 'cohort' && d.kind !== 'rank')) continue;
    const sent = person.cohort?.[ind.id];
    const ex = sent === undefined ? tpl.examples.find((e) => e.cohort?.[ind.id] !== undefined) : undefined;
    const value = sent ?? ex?.cohort?.[ind.id];
    // Neither sent nor in an example: scoreForm reports the missing group figure as the indicator's problem.
    if (value === undefined) continue;
    cohort[ind.id] = value;
    // A cohort figure is in the unit of the indicator that reads the same metric directly (40% of a rate).
    const unit = tpl.indicators.find((i) => !i.derive && i.metric === ind.metric)?.unit;
    const shown =
      d.kind === 'rank' ? n(value) : unit === '%' ? pct(value) : `${n(value)}${unit ? ` ${unit}` : ''}`;
    const group = GROUP_TEXT[d.group] ?? { zh: d.group, en: d.group };
    const label: Text =
      d.kind === 'rank'
        ? { zh: `${group.zh}内排名`, en: `rank in the ${group.en}` }
        : {
            zh: `${group.zh}${AGG_TEXT[d.agg]?.zh ?? d.agg}`,
            en: `${group.en} ${AGG_TEXT[d.agg]?.en ?? d.agg}`,
          };
    const figure: Text =
      d.kind === 'rank'
        ? { zh: `${group.zh}内排名第 ${shown}`, en: `rank ${shown} in the ${group.en}` }
        : { zh: `${label.zh} ${shown}`, en: `${label.en} ${shown}` };
    const source: Text = ex
      ? { zh: `取自模板示例“${ex.name}”`, en: `from the template's example "${ex.name}"` }
      : { zh: '预览中填写', en: 'entered in the preview' };
    groupFigures.push({
      indicator: ind.id,
      name: ind.name,
      kind: d.kind,
      group: d.group,
      ...(d.kind === 'cohort' ? { agg: d.agg } : {}),
      label,
      value,
      from: ex ? 'example' : 'request',
      ...(ex ? { example: ex.name } : {}),
      text: { zh: `${figure.zh}（${source.zh}）`, en: `${figure.en} (${source.en})` },
    });
  }
  const input: PersonInput = { ...person, employee: 'preview', cohort: { ...person.cohort, ...cohort } };
  return { scorecard: scoreForm(tpl, input, { explain: true }), groupFigures };
}
