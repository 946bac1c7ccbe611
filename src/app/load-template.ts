/**
 * Loads a template file for use: it must parse, have no errors, and its examples must pass. A template
 * that fails its own examples is refused, so nothing is ever scored with a sheet that does not do what it says.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, type Problem } from '../core/errors.ts';
import { checkTemplate } from '../core/scoring/check-template.ts';
import { checkDraftSource } from '../core/scoring/sheet/draft-check.ts';
import { parseTemplate } from '../core/scoring/template-parse.ts';
import type { Template } from '../core/scoring/types.ts';

export async function loadTemplate(path: string): Promise<{ template: Template; warnings: Problem[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new AppError('not_found', { zh: `找不到模板文件 ${path}`, en: `template file not found: ${path}` });
  }
  return templateFromText(text, basename(path));
}

export function templateFromText(text: string, file: string): { template: Template; warnings: Problem[] } {
  // a draft from `shopkpi sheet import` cannot score until a person has resolved every item
  const draft = checkDraftSource(text, file);
  if (draft && !draft.ok) {
    throw new AppError(
      'invalid_template',
      { zh: `模板 ${file} 是未完成的草稿`, en: `template ${file} is an unresolved draft` },
      draft.problems.filter((p) => p.severity === 'error'),
    );
  }
  const parsed = parseTemplate(text, file);
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (!parsed.template || errors.length) {
    throw new AppError(
      'invalid_template',
      { zh: `模板 ${file} 无效`, en: `template ${file} is invalid` },
      errors,
    );
  }
  const report = checkTemplate(parsed.template, file);
  if (!report.ok) {
    const failing: Problem[] = report.problems.filter((p) => p.severity === 'error');
    for (const ex of report.examples.filter((e) => !e.ok)) {
      failing.push({
        severity: 'error',
        code: 'example_failed',
        message: {
          zh: `示例“${ex.name}”不成立：${ex.mismatches.map((m) => m.zh).join('；')}`,
          en: `example "${ex.name}" fails: ${ex.mismatches.map((m) => m.en).join('; ')}`,
        },
        where: { file, path: 'examples' },
      });
    }
    throw new AppError(
      'invalid_template',
      { zh: `模板 ${file} 未通过校验`, en: `template ${file} does not pass its check` },
      failing,
    );
  }
  return { template: parsed.template, warnings: report.problems.filter((p) => p.severity === 'warning') };
}
