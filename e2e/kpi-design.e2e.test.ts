/**
 * The six-step KPI design of the demo company in chromium, against the real server: HR (the expert
 * group) proposes the pre-sales CS KPIs from the stored benchmark, the CS team lead comments, a stale
 * write is refused and shown, the steps advance, the lead and the director sign (the director on a
 * phone), the committee approves from a chosen month; then the proposal is read-only and the template
 * version applies from that month (checked through the API). On every step the screen is checked for
 * the step shown, who acts next, and the buttons a person who may not act must not see.
 * Screenshots: artifacts/screenshots/kpi-design-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { go, SHOTS, setUpE2e } from './session.ts';

interface ProposalView {
  id: number;
  step: number;
  version: number;
  yaml: string;
  template: string | null;
  approval: { from: string; template: string } | null;
  history: { action: string; by: string; comment: string | null }[];
  you: Record<string, { ok: boolean }>;
  earliestFrom: string | null;
}

const e2e = setUpE2e();
const { api, openAs } = e2e;

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300); // let antd animations settle so the picture is what a person sees
  await page.screenshot({ path: join(SHOTS, `kpi-design-${name}.png`), fullPage: true });
}

/** Opens a proposal afresh (a full reload, so what is shown is what the server says now). */
async function openProposal(page: Page, id: number): Promise<void> {
  await go(page, `/design/${id}`);
  await page.reload();
  await page.getByTestId('design-proposal').waitFor();
}

/** Clicks OK in the visible Popconfirm. */
async function popOk(page: Page): Promise<void> {
  await page.locator('.ant-popover:visible .ant-popconfirm-buttons .ant-btn-primary').click();
}

async function pickOption(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: text })
    .first()
    .click();
}

const stepOf = (page: Page) => page.getByTestId('design-proposal').getAttribute('data-step');
const nextText = (page: Page) => page.getByTestId('design-next-text').textContent();
const mayDo = (page: Page, action: string) =>
  page.getByTestId(`design-can-${action}`).getAttribute('data-ok');

beforeAll(async () => {
  for (const login of ['hr', 'committee', 'cslead', 'director', 'e001'])
    expect(e2e.server.signIns.has(login), `demo sign-in ${login}`).toBe(true);
});

describe('KPI design in six steps with the demo company, in chromium', () => {
  let id = 0;
  let hr: Page;
  let lead: Page;
  const from = '2027-02';

  it('step 1: HR (the expert group) proposes the pre-sales CS KPIs from the stored benchmark', async () => {
    hr = await openAs('hr');
    await go(hr, '/design');
    await hr.getByTestId('design-list').waitFor();
    await hr.getByTestId('design-new').click();
    await pickOption(hr, 'np-family', '(presales-cs)');
    await pickOption(hr, 'np-team', '(cs)');
    await hr.getByTestId('np-title').fill('售前客服 2027 KPI');
    await pickOption(hr, 'np-base', 'presales-cs@2026.1');
    const yaml = hr.getByTestId('draft-yaml');
    await expect.poll(() => yaml.inputValue()).toContain('id: presales-cs');
    // a new version for a later period: the stored one is applied and stays as it is
    await yaml.fill((await yaml.inputValue()).replace('version: "2026.1"', 'version: "2027.1"'));
    await hr.getByTestId('draft-check').click();
    await expect
      .poll(() => hr.getByTestId('draft-check-report').textContent())
      .toContain('presales-cs@2027.1');
    expect(await hr.getByTestId('draft-check-report').getAttribute('class')).toContain('ant-alert-success');
    // the worked examples' marks are in the page's language, not a bare "OK"
    const report = (await hr.getByTestId('draft-check-report').textContent()) ?? '';
    expect(report).toContain('✓ 示例通过');
    expect(report).not.toMatch(/\bOK\b/);
    // the live preview scores the first worked example's actuals through the server's engine
    await hr.getByTestId('draft-editor').getByText('实时预览').click();
    // presales-cs' first example: a 38 s response time is in (35, 45] → 80% × 20 = 16 (the file's own sum)
    await expect
      .poll(() => hr.getByTestId('draft-preview').getByTestId('pts-response_time').first().textContent())
      .toBe('16');
    await shot(hr, 'new');
    await hr.getByTestId('np-submit').click();
    await hr.waitForURL(/#\/design\/\d+$/);
    id = Number(/#\/design\/(\d+)$/.exec(hr.url())![1]);
    await hr.getByTestId('design-proposal').waitFor();
    expect(await stepOf(hr)).toBe('1');
    expect(await hr.getByTestId('design-step-text').textContent()).toContain('第 1 步');
    expect(await nextText(hr)).toContain('专家组');
    expect(await mayDo(hr, 'advance')).toBe('yes');
    const p = await (await api('hr')).get<ProposalView>(`/api/kpi-design/${id}`);
    expect(p.step).toBe(1);
    expect(p.yaml).toContain('version: "2027.1"');
    expect(p.history.map((h) => h.action)).toEqual(['propose']);
  });

  it('a team lead may comment but not move the proposal on; HR opens the consultation', async () => {
    lead = await openAs('cslead');
    await openProposal(lead, id);
    expect(await stepOf(lead)).toBe('1');
    expect(await mayDo(lead, 'advance')).toBe('no');
    expect(await mayDo(lead, 'revise')).toBe('no');
    expect(await mayDo(lead, 'comment')).toBe('yes');
    expect(await lead.getByTestId('design-advance').count()).toBe(0);
    expect(await lead.getByTestId('design-comment').count()).toBe(1);

    await hr.getByTestId('design-advance').click();
    await popOk(hr);
    await expect.poll(() => stepOf(hr)).toBe('2');
    expect(await hr.getByTestId('design-step-text').textContent()).toContain('征求意见');
    expect(await nextText(hr)).toContain('团队负责人提意见');
  });

  it('step 2: the CS lead comments; a comment on a stale version is refused and the page says so', async () => {
    await openProposal(lead, id);
    expect(await stepOf(lead)).toBe('2');
    await lead.getByTestId('design-comment').fill('客户满意度难以量化，建议改用投诉率');
    await lead.getByTestId('design-comment-send').click();
    await expect
      .poll(() => lead.getByTestId('design-comments').textContent())
      .toContain('客户满意度难以量化，建议改用投诉率');
    expect(await lead.getByTestId('design-comments').textContent()).toContain('cslead (S001)');
    await shot(lead, 'consultation');

    // HR moves on to the cross-team review while the lead's page still shows the older version
    const h = await api('hr');
    const before = await h.get<ProposalView>(`/api/kpi-design/${id}`);
    await h.send('POST', `/api/kpi-design/${id}/advance`, { version: before.version });
    await lead.getByTestId('design-comment').fill('再补充一条');
    await lead.getByTestId('design-comment-send').click();
    await lead.getByTestId('design-stale').waitFor();
    // what the lead typed is kept, to send again on the proposal as it now is
    expect(await lead.getByTestId('design-comment').inputValue()).toBe('再补充一条');
    expect(await lead.getByTestId('design-error').textContent()).toContain('已被他人修改');
    await expect.poll(() => stepOf(lead)).toBe('3');
    const after = await h.get<ProposalView>(`/api/kpi-design/${id}`);
    expect(after.history.filter((x) => x.comment === '再补充一条')).toEqual([]);
    await shot(lead, 'stale');
  });

  it('steps 3–4: cross-team review and the benchmark; HR moves to the signing step', async () => {
    await openProposal(lead, id);
    await lead.getByTestId('design-comment').fill('交叉评审：与运营部的转化率口径一致');
    await lead.getByTestId('design-comment-send').click();
    await expect.poll(() => lead.getByTestId('design-comments').textContent()).toContain('交叉评审');

    await openProposal(hr, id);
    expect(await stepOf(hr)).toBe('3');
    await hr.getByTestId('design-advance').click();
    await popOk(hr);
    await expect.poll(() => stepOf(hr)).toBe('4');
    expect(await nextText(hr)).toContain('标杆');
    await hr.getByTestId('design-advance').click();
    await popOk(hr);
    await expect.poll(() => stepOf(hr)).toBe('5');
    // who acts next, by name: the lead of team cs and the lead's own supervisor
    const next = await nextText(hr);
    expect(next).toContain('郑客服主管 (S001)');
    expect(next).toContain('周运营总监 (D001)');
    // HR may not sign: no sign buttons, and the page says why
    expect(await mayDo(hr, 'sign_lead')).toBe('no');
    expect(await mayDo(hr, 'sign_supervisor')).toBe('no');
    expect(await hr.getByTestId('design-sign-lead').count()).toBe(0);
    expect(await hr.getByTestId('design-sign-supervisor').count()).toBe(0);
    expect(await hr.getByTestId('design-actions').count()).toBe(0);
    expect(await hr.getByTestId('design-can-sign_lead').textContent()).toContain('郑客服主管 (S001)');
    await shot(hr, 'agreement');
  });

  it('step 5: the lead signs on a laptop, the director signs on a phone', async () => {
    await openProposal(lead, id);
    expect(await lead.getByTestId('design-sign-supervisor').count()).toBe(0);
    await lead.getByTestId('design-sign-lead').click();
    await popOk(lead);
    await expect
      .poll(() => lead.getByTestId('design-signature-lead').getAttribute('data-signed'))
      .toBe('yes');
    expect(await lead.getByTestId('design-sign-lead').count()).toBe(0);
    expect(await nextText(lead)).toContain('周运营总监 (D001)');
    expect(await nextText(lead)).not.toContain('郑客服主管');

    const director = await openAs('director', true);
    await openProposal(director, id);
    expect(await director.getByTestId('design-sign-lead').count()).toBe(0);
    await shot(director, 'phone-sign');
    await director.getByTestId('design-sign-supervisor').click();
    await popOk(director);
    await expect.poll(() => stepOf(director)).toBe('6');
    expect(await nextText(director)).toContain('绩效委员会');
    expect(await director.getByTestId('design-approve').count()).toBe(0);
    expect(await mayDo(director, 'approve')).toBe('no');
  });

  it('step 6: HR may not approve; the committee approves from a chosen month', async () => {
    await openProposal(hr, id);
    expect(await hr.getByTestId('design-approve').count()).toBe(0);
    expect(await mayDo(hr, 'approve')).toBe('no');

    const committee = await openAs('committee');
    await openProposal(committee, id);
    expect(await mayDo(committee, 'approve')).toBe('yes');
    const view = await (await api('committee')).get<ProposalView>(`/api/kpi-design/${id}`);
    // the demo has opened 2026-08 and 2026-09: an approval may not reach back into them
    expect(view.earliestFrom).toBe('2026-10');
    await committee.getByTestId('design-from').fill(from);
    await committee.getByTestId('design-approve-note').fill('覆盖战略目标，松紧适度');
    await shot(committee, 'committee');
    await committee.getByTestId('design-approve').click();
    await popOk(committee);
    await expect.poll(() => stepOf(committee)).toBe('7');
    expect(await committee.getByTestId('design-from-month').textContent()).toBe(from);
    expect(await committee.getByTestId('design-template').textContent()).toBe('presales-cs@2027.1');
    await committee.getByTestId('design-readonly').waitFor();
    expect(await committee.getByTestId('design-actions').count()).toBe(0);
    expect(await committee.getByTestId('design-history').locator('[data-action]').count()).toBe(10);
    await shot(committee, 'applied');
  });

  it('applied: read-only for everyone, and the template version applies from the chosen month (API)', async () => {
    const h = await api('hr');
    const p = await h.get<ProposalView>(`/api/kpi-design/${id}`);
    expect(p.step).toBe(7);
    expect(p.approval).toMatchObject({ from, template: 'presales-cs@2027.1' });
    expect(Object.values(p.you).some((c) => c.ok)).toBe(false);
    expect(p.history.map((x) => x.action)).toEqual([
      'propose',
      'advance',
      'comment',
      'advance',
      'comment',
      'advance',
      'advance',
      'sign_lead',
      'sign_supervisor',
      'approve',
    ]);
    const tpl = await h.get<{ applied: boolean; effective: string; yaml: string }>(
      '/api/templates/presales-cs/2027.1',
    );
    expect(tpl.applied).toBe(true);
    expect(tpl.effective).toBe(`${from}-01`);
    await expect(
      h.send('POST', `/api/kpi-design/${id}/comment`, { version: p.version, comment: 'late' }),
    ).rejects.toThrow(/409/);
    await expect(h.send('PUT', '/api/templates/presales-cs/2027.1', { yaml: tpl.yaml })).rejects.toThrow(
      /409/,
    );

    await openProposal(lead, id);
    expect(await lead.getByTestId('design-actions').count()).toBe(0);
    expect(await lead.getByTestId('design-comment').count()).toBe(0);
    await go(hr, '/design');
    await hr.getByTestId('design-table').getByText('售前客服 2027 KPI').waitFor();
    expect(await hr.getByTestId('design-table').textContent()).toContain('已生效');
    await shot(hr, 'list');
  });

  it('an employee is refused (403) and the page says so', async () => {
    const page = await openAs('e001');
    await go(page, `/design/${id}`);
    await page.locator('.ant-alert-error').first().waitFor();
    expect(await page.getByTestId('design-proposal').count()).toBe(0);
    await expect((await api('e001')).get(`/api/kpi-design/${id}`)).rejects.toThrow(/403/);
  });
});
