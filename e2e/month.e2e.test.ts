/**
 * A whole month of the demo company in the browser, against the real server (no faked answers):
 * HR opens the month, a supervisor rates and scores, HR scores everyone, calibrates and publishes, one
 * employee confirms and another objects on a phone-sized screen, the objection is reviewed, the
 * supervisor records the interview, HR closes the month. Numbers on screen are compared with the API
 * and with the scoring engine run here on the same inputs. Screenshots go to artifacts/screenshots/.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateFromText } from '../src/app/load-template.ts';
import { type PersonInput, type Scorecard, scoreForm } from '../src/core/scoring/score-form.ts';
import type { ApiClient } from './api-client.ts';
import { go, SHOTS, setUpE2e } from './session.ts';

interface User {
  id: string;
  login: string;
  role: string;
  employee: string | null;
}
interface FormSummary {
  employee: string;
  supervisor: string | null;
  status: string;
  total: number | null;
  grade: string | null;
  finalGrade: string | null;
  template: string;
  version: number;
}
interface Form extends FormSummary {
  month: string;
  name: string;
  actuals: Record<string, { value: number | null }>;
  targets: Record<string, number>;
  ratings: Record<string, Record<string, number>>;
  attendance: Record<string, number>;
  additional: { points: number; reason: string; status: string }[];
  scorecard: Scorecard | null;
  objection: { status: string } | null;
  templateInfo: { behaviour: { id: string }[]; scale: { min: number; max: number } | null; grades: string[] };
}
interface Month {
  month: string;
  status: string;
  total: number;
  counts: Record<string, number>;
}

const e2e = setUpE2e();
const { api, openAs } = e2e;
const users = new Map<string, User>();
let hrLogin = '';
let month = '';

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300); // let antd animations settle so the picture is what a person sees
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Clicks OK in the visible Popconfirm. */
async function popOk(page: Page): Promise<void> {
  await page.locator('.ant-popover:visible .ant-popconfirm-buttons .ant-btn-primary').click();
}

/** The engine's answer for a form, from the API's inputs, computed here (not by the server). */
async function engineCard(hr: ApiClient, form: Form): Promise<Scorecard> {
  const at = form.template.lastIndexOf('@');
  const d = await hr.get<{ yaml: string }>(
    `/api/templates/${form.template.slice(0, at)}/${form.template.slice(at + 1)}`,
  );
  const { template } = templateFromText(d.yaml, form.template);
  const actuals: Record<string, number | null> = {};
  for (const [id, a] of Object.entries(form.actuals)) actuals[id] = a.value;
  const person: PersonInput = { employee: form.employee, actuals };
  if (Object.keys(form.targets).length) person.targets = form.targets;
  const behaviour = Object.fromEntries(
    Object.entries(form.ratings).filter(([, v]) => v && Object.keys(v).length),
  );
  if (Object.keys(behaviour).length) person.behaviour = behaviour;
  const approved = form.additional.filter((a) => a.status === 'approved');
  if (approved.length) person.additional = approved.map((a) => ({ points: a.points, reason: a.reason }));
  if (Object.keys(form.attendance).length) person.attendance = form.attendance;
  return scoreForm(template, person);
}

/** Checks the scorecard on screen against the API's form and the engine. */
async function checkScreen(page: Page, form: Form, hr: ApiClient): Promise<void> {
  expect(form.scorecard).not.toBeNull();
  const card = form.scorecard!;
  const shown = await page.getByTestId('sc-total').first().getAttribute('data-value');
  expect(shown).toBe(String(card.total));
  await expect.poll(() => page.getByTestId('sc-total').first().textContent()).toContain(String(card.total));
  const engine = await engineCard(hr, form);
  expect(card.total).toBe(engine.total);
  expect(card.grade).toBe(engine.grade);
  for (const ind of engine.indicators) {
    if (ind.dropped || ind.points === null) continue;
    const pts = await page.getByTestId(`pts-${ind.id}`).first().textContent();
    expect(Number(pts), `${form.employee} ${ind.id}`).toBe(ind.points);
  }
}

beforeAll(async () => {
  for (const login of e2e.server.signIns.keys()) {
    const me = await (await api(login)).get<{ user: User }>('/api/auth/me');
    users.set(login, me.user);
  }
  hrLogin = [...users.values()].find((u) => u.role === 'hr')!.login;
});

describe('a month of the demo company in chromium', () => {
  let supervisor: User;
  let confirmer: User;
  let objector: User;
  let forms: FormSummary[] = [];

  it('HR signs in and opens the month; the count on screen is the API count', async () => {
    const hr = await api(hrLogin);
    const existing = new Set((await hr.get<{ months: Month[] }>('/api/months')).months.map((m) => m.month));
    // the demo company has store data and manual figures for its last months; take the latest not yet open
    month = ['2026-10', '2026-09', '2026-08'].find((m) => !existing.has(m))!;
    expect(month, `a demo month not yet open (open: ${[...existing].join(', ')})`).toBeDefined();

    const anon = await e2e.newContext();
    const first = await anon.newPage();
    await first.goto(e2e.server.url);
    await first.getByTestId('sign-in').waitFor();
    await shot(first, '01-sign-in');

    const page = await openAs(hrLogin);
    await go(page, '/months');
    await page.getByTestId('open-month').fill(month);
    await page.getByTestId('open-submit').click();
    await page.waitForURL(`**/#/months/${month}`, { timeout: 120_000 });
    const m = await hr.get<Month>(`/api/months/${month}`);
    expect(m.total).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('month-total').getAttribute('data-value')).toBe(String(m.total));
    await expect
      .poll(() => page.getByTestId('forms-table').locator('tbody tr.ant-table-row').count())
      .toBeGreaterThan(0);
    await shot(page, '03-month');
    await go(page, '/months');
    await page.getByTestId('months-table').getByText(month).waitFor();
    await shot(page, '02-months');

    forms = (await hr.get<{ forms: FormSummary[] }>(`/api/months/${month}/forms`)).forms;
    expect(forms.length).toBe(m.total);
    const byEmployee = new Map([...users.values()].filter((u) => u.employee).map((u) => [u.employee!, u]));
    // a supervisor with a sign-in whose team has forms, and two team members who can sign in
    for (const u of users.values()) {
      if (u.role !== 'supervisor' || !u.employee) continue;
      const team = forms.filter(
        (f) => f.supervisor === u.employee && byEmployee.get(f.employee)?.role === 'employee',
      );
      if (team.length >= 2) {
        supervisor = u;
        confirmer = byEmployee.get(team[0]!.employee)!;
        objector = byEmployee.get(team[1]!.employee)!;
        break;
      }
    }
    expect(supervisor, 'demo sign-ins include a supervisor with two employees who can sign in').toBeDefined();
  });

  it('the supervisor rates behaviour, enters additional points and scores; screen = API = engine', async () => {
    const page = await openAs(supervisor.login);
    await go(page, '/team');
    await page.getByTestId('forms-table').locator('tbody tr.ant-table-row').first().waitFor();
    await shot(page, '04-team');
    for (const u of [confirmer, objector]) {
      await go(page, `/months/${month}/forms/${u.employee}`);
      await page.getByTestId('form-page').waitFor();
      const before = await (await api(supervisor.login)).get<Form>(
        `/api/months/${month}/forms/${u.employee}`,
      );
      const max = before.templateInfo.scale?.max ?? 5;
      for (const item of before.templateInfo.behaviour) {
        await page
          .getByTestId(`rate-${item.id}`)
          .locator('li')
          .nth(max - 2)
          .click();
      }
      if (before.templateInfo.behaviour.length) {
        await page.getByTestId('save-ratings-supervisor').click();
        await expect
          .poll(
            async () =>
              (await (await api(hrLogin)).get<Form>(`/api/months/${month}/forms/${u.employee}`)).ratings
                .supervisor,
          )
          .toBeTruthy();
      }
      if (u === confirmer) {
        await page.getByTestId('add-points').fill('2');
        await page.getByTestId('add-reason').fill('双11 大促主动加班，保障发货');
        await page.getByTestId('add-evidence').fill('值班表 2026-11-11');
        await page.getByTestId('add-submit').click();
        await page.getByTestId('additional').getByText('双11 大促主动加班').waitFor();
      }
      await page.getByTestId('score').click();
      await expect.poll(() => page.getByTestId('form-status').getAttribute('data-value')).toBe('scored');
      const form = await (await api(hrLogin)).get<Form>(`/api/months/${month}/forms/${u.employee}`);
      await checkScreen(page, form, await api(hrLogin));
      const rated = form.ratings.supervisor ?? {};
      for (const item of form.templateInfo.behaviour) expect(rated[item.id]).toBe(max - 1);
    }
    await page
      .getByTestId(
        `ind-${(await (await api(hrLogin)).get<Form>(`/api/months/${month}/forms/${objector.employee}`)).scorecard!.indicators[0]!.id}`,
      )
      .click();
    await shot(page, '05-form-supervisor');
  });

  it('HR approves the points, scores everyone, calibrates a grade with a reason and publishes', async () => {
    const hr = await api(hrLogin);
    const page = await openAs(hrLogin);
    await go(page, `/months/${month}/forms/${confirmer.employee}`);
    await page.getByTestId('additional-approve').first().waitFor();
    // Someone else saves the form while HR has it open (a real write through the API, as the supervisor):
    // HR's next write must be refused with a clear message, not overwrite it; the page then reloads.
    const sup = await api(supervisor.login);
    const fresh = await sup.get<Form>(`/api/months/${month}/forms/${confirmer.employee}`);
    await sup.send('PUT', `/api/months/${month}/forms/${confirmer.employee}/ratings`, {
      version: fresh.version,
      rater: 'supervisor',
      ratings: fresh.ratings.supervisor,
    });
    await page.getByTestId('additional-approve').first().click(); // approve, at the stale version
    await page.locator('.ant-message-error').first().waitFor();
    expect(
      (await hr.get<Form>(`/api/months/${month}/forms/${confirmer.employee}`)).additional[0]?.status,
    ).toBe('pending');
    await shot(page, '05b-conflict');
    await page.locator('.ant-message-error').first().waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByTestId('additional-approve').first().click(); // approve, reloaded form
    await expect
      .poll(
        async () =>
          (await hr.get<Form>(`/api/months/${month}/forms/${confirmer.employee}`)).additional[0]?.status,
      )
      .toBe('approved');
    await page.getByTestId('score').click();
    await expect.poll(() => page.getByTestId('form-status').getAttribute('data-value')).toBe('scored');
    const confirmerForm = await hr.get<Form>(`/api/months/${month}/forms/${confirmer.employee}`);
    expect(confirmerForm.scorecard!.additional).toBe(2);
    await checkScreen(page, confirmerForm, hr);

    await go(page, `/months/${month}`);
    await page.getByTestId('forms-table').locator('tbody tr.ant-table-row').first().waitFor();
    // export to Excel: a real workbook with one row per form under the header
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').first().click(),
    ]);
    const file = join(SHOTS, '..', `forms-${month}.xlsx`);
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets[0]!.rowCount).toBe(forms.length + 1);

    await page.getByTestId('score-all').click();
    await expect
      .poll(async () => (await hr.get<Month>(`/api/months/${month}`)).counts.open ?? 0, { timeout: 120_000 })
      .toBe(0);

    await page.getByTestId('tab-calibration').click();
    await page.getByTestId('calibration-group').first().waitFor();
    await page.getByTestId('echart').first().locator('svg').waitFor();
    await shot(page, '06-calibration');

    const target = (await hr.get<Form>(`/api/months/${month}/forms/${objector.employee}`)) as Form;
    const grades = target.templateInfo.grades;
    const newGrade = grades.find((g) => g !== (target.finalGrade ?? target.grade))!;
    await page.getByTestId(`adjust-${objector.employee}`).click();
    await page.locator('.ant-modal:visible [data-testid=adjust-grade]').click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item[title="${newGrade}"]`).click();
    await page.getByTestId('adjust-reason').fill('跨店支援，校准上调');
    await page.getByTestId('adjust-submit').click();
    await expect.poll(() => page.getByTestId(`final-${objector.employee}`).textContent()).toContain(newGrade);
    expect((await hr.get<Form>(`/api/months/${month}/forms/${objector.employee}`)).finalGrade).toBe(newGrade);

    await page.getByTestId('publish').click();
    await popOk(page);
    await expect.poll(() => page.getByTestId('month-status').getAttribute('data-value')).toBe('published');
    expect((await hr.get<Month>(`/api/months/${month}`)).status).toBe('published');
  });

  it('on a 375 px phone one employee reads the "why" and confirms, another objects', async () => {
    const page = await openAs(confirmer.login, true);
    // an employee's menu offers only their own page (the server refuses the rest anyway)
    expect(await page.getByTestId('main-menu').locator('.ant-menu-item').count()).toBe(1);
    await go(page, `/me?month=${month}`);
    await page.getByTestId('my-page').waitFor();
    await expect.poll(() => page.getByTestId('my-status').getAttribute('data-value')).toBe('published');
    const mine = await (await api(confirmer.login)).get<{ form: Form }>(`/api/me/page?month=${month}`);
    await checkScreen(page, mine.form, await api(hrLogin));
    const firstInd = mine.form.scorecard!.indicators[0]!.id;
    await page.getByTestId(`ind-${firstInd}`).click();
    await page.getByTestId(`why-${firstInd}`).waitFor();
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(width, 'no sideways scrolling at 375 px').toBeLessThanOrEqual(375);
    await page.getByTestId('echart').locator('svg').waitFor();
    await page.waitForTimeout(500); // the line's entry animation
    await shot(page, '07-my-page-phone');
    await page.getByTestId('confirm').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('my-status').getAttribute('data-value')).toBe('confirmed');
    expect(
      (await (await api(hrLogin)).get<Form>(`/api/months/${month}/forms/${confirmer.employee}`)).status,
    ).toBe('confirmed');

    const p2 = await openAs(objector.login, true);
    await go(p2, `/me?month=${month}`);
    await expect.poll(() => p2.getByTestId('my-status').getAttribute('data-value')).toBe('published');
    await p2.getByTestId('object').click();
    await p2.getByTestId('object-reason').fill('大促期间店铺调整，流量目标未相应下调');
    await shot(p2, '08-object-phone');
    await p2.getByTestId('object-submit').click();
    await expect.poll(() => p2.getByTestId('my-status').getAttribute('data-value')).toBe('objected');
    const f = await (await api(hrLogin)).get<Form>(`/api/months/${month}/forms/${objector.employee}`);
    expect(f.status).toBe('objected');
    expect(f.objection?.status).toBe('open');
  });

  it('closing is refused while the objection is open; HR reviews it, the supervisor interviews, HR closes', async () => {
    const hr = await api(hrLogin);
    const page = await openAs(hrLogin);
    await go(page, `/months/${month}`);
    await page.getByTestId('close').click();
    await popOk(page);
    await page.locator('.ant-message-error').waitFor();
    expect((await hr.get<Month>(`/api/months/${month}`)).status).toBe('published');

    await go(page, `/months/${month}/forms/${objector.employee}`);
    await page.getByTestId('resolution').fill('复核：目标按大促调整后重新核对，维持校准后等级');
    await page.getByTestId('resolve-submit').click();
    await expect.poll(() => page.getByTestId('form-status').getAttribute('data-value')).toBe('resolved');

    const sup = await openAs(supervisor.login);
    await go(sup, `/months/${month}/forms/${confirmer.employee}`);
    await sup.getByTestId('iv-strengths').fill('执行力强，大促保障到位');
    await sup.getByTestId('iv-gaps').fill('数据复盘不够及时');
    await sup.getByTestId('iv-plan').fill('每周一提交上周数据复盘');
    await sup.getByTestId('iv-save').click();
    await expect
      .poll(
        async () =>
          (await hr.get<Form & { interview: unknown }>(`/api/months/${month}/forms/${confirmer.employee}`))
            .interview,
      )
      .toBeTruthy();

    await go(page, `/months/${month}`);
    await page.getByTestId('close').click();
    await popOk(page);
    await expect.poll(() => page.getByTestId('month-status').getAttribute('data-value')).toBe('closed');
    expect((await hr.get<Month>(`/api/months/${month}`)).status).toBe('closed');
  });

  it('HR imports employees from Excel: a bad file writes nothing, a good one creates and updates', async () => {
    const hr = await api(hrLogin);
    const page = await openAs(hrLogin);
    await go(page, '/org');
    await page.getByTestId('import-employees').waitFor();
    const before = (
      await hr.get<{ employees: { code: string; level: string | null }[] }>('/api/org/employees')
    ).employees;
    const write = async (name: string, rows: (string | null)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('员工');
      for (const r of rows) ws.addRow(r);
      const file = join(SHOTS, '..', name);
      await wb.xlsx.writeFile(file);
      return file;
    };
    const header = ['工号', '姓名', '团队', '岗位族', '职级', '主管', '入职日期'];
    const bad = await write('employees-bad.xlsx', [
      header,
      ['E901', '', 'ops', null, 'P1', 'D001', '2026/13/1'],
    ]);
    await page.getByTestId('import-file').setInputFiles(bad);
    await page.locator('.ant-modal:visible').getByText('2026-13-01').waitFor();
    await shot(page, '15-import-refused');
    await page.locator('.ant-modal:visible .ant-modal-close').click();
    const existing = before.find((e) => e.code === 'E001')!;
    const good = await write('employees-good.xlsx', [
      header,
      ['E900', '新运营', 'ops', 'store-operator', 'P1', 'D001', '2026-11-02'],
      ['E001', '王运营', 'ops', 'store-operator', 'P4', 'D001', '2023-02-01'],
    ]);
    await page.getByTestId('import-file').setInputFiles(good);
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    await expect
      .poll(
        async () => (await hr.get<{ employees: { code: string }[] }>('/api/org/employees')).employees.length,
      )
      .toBe(before.length + 1);
    const after = await hr.get<{ code: string; level: string; supervisor: string }>(
      '/api/org/employees/E900',
    );
    expect(after.supervisor).toBe('D001');
    expect((await hr.get<{ level: string }>('/api/org/employees/E001')).level).toBe('P4');
    expect(existing.level).not.toBe('P4');

    // the new person answers for a store from a date, with a reason (edited in the browser)
    await page.getByTestId('edit-E900').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.locator('.ant-select-multiple').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await modal.locator('.ant-modal-title').click(); // close the dropdown
    await modal.locator('#reason').fill('新人接手店铺');
    await shot(page, '16-employee-edit');
    await modal.locator('.ant-btn-primary').click();
    await expect
      .poll(async () => (await hr.get<{ stores: string[] }>('/api/org/employees/E900')).stores.length)
      .toBe(1);
  });

  it('a template page shows each rule in words and a live preview scored by the server', async () => {
    const hr = await api(hrLogin);
    const d = await hr.get<{
      yaml: string;
      template: { examples: { actuals: Record<string, number | null>; expect: { total?: number } }[] };
    }>('/api/templates/store-operator/2026.1');
    const ex = d.template.examples[0]!;
    const page = await openAs(hrLogin);
    await go(page, '/templates/store-operator/2026.1');
    // the first worked example, scored by the server, must give the total the template file declares;
    // when the server refuses the preview, fail with its words rather than a timeout
    const previewCard = page.getByTestId('preview').getByTestId('sc-total');
    const previewError = page.getByTestId('preview').locator('.ant-alert-error');
    await previewCard.or(previewError).first().waitFor({ timeout: 20_000 });
    if (await previewError.isVisible()) expect.fail(`preview refused: ${await previewError.textContent()}`);
    await expect
      .poll(() => page.getByTestId('preview').getByTestId('sc-total').getAttribute('data-value'), {
        timeout: 20_000,
      })
      .toBe(String(ex.expect.total));
    await expect.poll(() => page.getByTestId('indicators-table').textContent()).toContain('封顶120%');
    // edit one actual: the preview follows, and agrees with the engine run here
    const id = Object.keys(ex.actuals)[0]!;
    // antd puts the test id on the <input> itself or on its wrapper, depending on the version
    const input = page.locator(`input[data-testid=preview-${id}], [data-testid=preview-${id}] input`).first();
    await input.fill(String((ex.actuals[id] ?? 0) / 2));
    const { template } = templateFromText(d.yaml, 'store-operator@2026.1');
    const ex0 = template.examples[0]!;
    const person: PersonInput = {
      employee: 'preview',
      actuals: { ...ex0.actuals, [id]: (ex.actuals[id] ?? 0) / 2 },
    };
    if (ex0.targets) person.targets = ex0.targets;
    if (ex0.behaviour) person.behaviour = ex0.behaviour;
    if (ex0.additional) person.additional = ex0.additional;
    if (ex0.attendance) person.attendance = ex0.attendance;
    const expected = scoreForm(template, person).total;
    await expect
      .poll(() => page.getByTestId('preview').getByTestId('sc-total').getAttribute('data-value'), {
        timeout: 20_000,
      })
      .toBe(String(expected));
    await shot(page, '11-template-preview');
  });

  it('the other pages render in Chinese and in English (screenshots)', async () => {
    const page = await openAs(hrLogin);
    for (const [hash, id, name] of [
      ['/org', 'employees-table', '09-organisation'],
      ['/templates', 'templates-page', '10-templates'],
      ['/audit', 'audit-table', '12-audit'],
      ['/results', 'results-page', '13-results'],
    ] as const) {
      await go(page, hash);
      await page.getByTestId(id).waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, name);
    }
    const audit = await (await api(hrLogin)).get<{ entries: unknown[] }>('/api/audit?limit=500');
    expect(audit.entries.length).toBeGreaterThan(0);

    const en = await openAs(confirmer.login, true);
    await go(en, `/me?month=${month}`);
    await en.getByTestId('lang-switch').getByText('EN').click();
    await en.getByText('My page').first().waitFor();
    await en.getByTestId('echart').locator('svg').waitFor();
    await en.waitForTimeout(500);
    await shot(en, '14-my-page-phone-en');
  });
});
