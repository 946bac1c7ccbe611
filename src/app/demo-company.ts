/**
 * The demo company (演示公司): what `shopkpi serve` loads on first start so a newcomer can run a whole
 * month in the browser. Fourteen people across the six job families with supervisors, an HR officer
 * and a committee member; the three demo stores with two years of facts from generateDemoData; the six
 * benchmark templates from templates/; and, for the indicators store data cannot give (a QC score,
 * posts published …), monthly manual figures taken from the templates' own examples by a seeded draw.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeMetrics, type FactSet } from '../core/metrics/compute.ts';
import { generateDemoData, seededRandom } from '../core/metrics/demo-data.ts';
import { METRICS, type MetricCode } from '../core/metrics/dictionary.ts';
import { lastYear, parsePeriod } from '../core/metrics/period.ts';
import { dec } from '../core/money.ts';
import { parseTemplate } from '../core/scoring/template-parse.ts';
import { ruleUsesTarget } from '../core/scoring/validate.ts';
import { ensureCompany, upsertStores } from '../db/company-repository.ts';
import { upsertFacts } from '../db/fact-repository.ts';
import { createBatch, finishBatch } from '../db/import-batch-repository.ts';
import type { Db, Sql } from '../db/open-db.ts';
import type { Actor, Role } from './actor.ts';
import { createUser } from './auth-service.ts';
import {
  closeMonth,
  confirmForm,
  getForm,
  listForms,
  openMonth,
  publishMonth,
  rate,
  scoreMonth,
} from './cycle-service.ts';
import { createTemplateVersion } from './template-service.ts';

export const DEMO_COMPANY = 'demo';
/** The months the demo prepares manual figures for (the data ends 2026-10-31). */
export const DEMO_MONTHS = ['2026-08', '2026-09', '2026-10'] as const;
export const DEMO_TEMPLATES = [
  'store-operator',
  'promotion',
  'designer',
  'presales-cs',
  'aftersales-cs',
  'content',
] as const;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface DemoEmployee {
  code: string;
  name: string;
  team: string;
  family: string | null;
  level: string;
  supervisor: string | null;
  hireDate: string;
  agent?: string;
  stores?: string[];
  login?: string;
  role?: Role;
}

export const DEMO_EMPLOYEES: readonly DemoEmployee[] = [
  {
    code: 'D001',
    name: '周运营总监',
    team: 'ops',
    family: null,
    level: 'M2',
    supervisor: null,
    hireDate: '2021-03-01',
    login: 'director',
    role: 'supervisor',
  },
  {
    code: 'H001',
    name: '吴人事',
    team: 'hr',
    family: null,
    level: 'P3',
    supervisor: null,
    hireDate: '2022-01-10',
    login: 'hr',
    role: 'hr',
  },
  {
    code: 'K001',
    name: '冯委员',
    team: 'hr',
    family: null,
    level: 'M2',
    supervisor: null,
    hireDate: '2020-06-01',
    login: 'committee',
    role: 'committee',
  },
  {
    code: 'E001',
    name: '王运营',
    team: 'ops',
    family: 'store-operator',
    level: 'P3',
    supervisor: 'D001',
    hireDate: '2023-02-01',
    stores: ['TM01'],
    login: 'e001',
    role: 'employee',
  },
  {
    code: 'E002',
    name: '李运营',
    team: 'ops',
    family: 'store-operator',
    level: 'P2',
    supervisor: 'D001',
    hireDate: '2024-04-15',
    stores: ['JD01'],
    login: 'e002',
    role: 'employee',
  },
  {
    code: 'E003',
    name: 'Chen Ops',
    team: 'ops',
    family: 'store-operator',
    level: 'P2',
    supervisor: 'D001',
    hireDate: '2024-09-01',
    stores: ['AMZ01'],
    login: 'e003',
    role: 'employee',
  },
  {
    code: 'E004',
    name: '赵推广',
    team: 'ops',
    family: 'promotion',
    level: 'P2',
    supervisor: 'D001',
    hireDate: '2023-07-01',
    stores: ['TM01', 'JD01'],
    login: 'e004',
    role: 'employee',
  },
  {
    code: 'E005',
    name: '孙美工',
    team: 'ops',
    family: 'designer',
    level: 'P2',
    supervisor: 'D001',
    hireDate: '2022-11-01',
    stores: ['TM01', 'JD01', 'AMZ01'],
    login: 'e005',
    role: 'employee',
  },
  {
    code: 'E010',
    name: '钱内容',
    team: 'ops',
    family: 'content',
    level: 'P1',
    supervisor: 'D001',
    hireDate: '2025-03-01',
    stores: ['TM01'],
    login: 'e010',
    role: 'employee',
  },
  {
    code: 'S001',
    name: '郑客服主管',
    team: 'cs',
    family: 'presales-cs',
    level: 'P4',
    supervisor: 'D001',
    hireDate: '2021-09-01',
    agent: '郑主管',
    stores: ['TM01', 'JD01', 'AMZ01'],
    login: 'cslead',
    role: 'supervisor',
  },
  {
    code: 'E006',
    name: '小美',
    team: 'cs',
    family: 'presales-cs',
    level: 'P1',
    supervisor: 'S001',
    hireDate: '2024-02-01',
    agent: '小美',
    stores: ['TM01'],
    login: 'e006',
    role: 'employee',
  },
  {
    code: 'E007',
    name: '小帅',
    team: 'cs',
    family: 'presales-cs',
    level: 'P1',
    supervisor: 'S001',
    hireDate: '2024-05-01',
    agent: '小帅',
    stores: ['TM01'],
    login: 'e007',
    role: 'employee',
  },
  {
    code: 'E008',
    name: '小雨',
    team: 'cs',
    family: 'aftersales-cs',
    level: 'P1',
    supervisor: 'S001',
    hireDate: '2023-10-01',
    agent: '小雨',
    stores: ['JD01'],
    login: 'e008',
    role: 'employee',
  },
  {
    code: 'E009',
    name: 'Amy',
    team: 'cs',
    family: 'presales-cs',
    level: 'P1',
    supervisor: 'S001',
    hireDate: '2024-08-01',
    agent: 'Amy',
    stores: ['AMZ01'],
    login: 'e009',
    role: 'employee',
  },
];

const FAMILIES: [string, string, string, 'business' | 'functional'][] = [
  ['store-operator', '店铺运营', 'Store operator', 'business'],
  ['promotion', '推广', 'Promotion', 'business'],
  ['designer', '美工', 'Designer', 'functional'],
  ['presales-cs', '售前客服', 'Pre-sales customer service', 'business'],
  ['aftersales-cs', '售后客服', 'After-sales customer service', 'functional'],
  ['content', '内容运营', 'Content', 'functional'],
];

export interface DemoSignIn {
  login: string;
  role: Role;
  name: string;
}

/** The demo sign-ins (one password for all of them). */
export function demoSignIns(): DemoSignIn[] {
  const out: DemoSignIn[] = [{ login: 'admin', role: 'admin', name: '系统管理员' }];
  for (const e of DEMO_EMPLOYEES)
    if (e.login && e.role) out.push({ login: e.login, role: e.role, name: e.name });
  return out;
}

/** Is the demo company there already? */
export async function hasDemoCompany(db: Sql): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM app_user WHERE company_id = $1 LIMIT 1', [DEMO_COMPANY]);
  return r.rows.length > 0;
}

/**
 * Loads the demo company into an empty database. `password` is the demo sign-ins' password (printed by
 * `serve`; it protects nothing real). Returns the sign-ins.
 */
export async function loadDemoCompany(
  db: Db,
  password: string,
  opts: { history?: boolean } = {},
): Promise<DemoSignIn[]> {
  const data = generateDemoData(1);
  const system: Actor = {
    company: DEMO_COMPANY,
    userId: 'system',
    login: 'system',
    name: 'system',
    role: 'admin',
    employee: null,
  };
  await db.transaction(async (tx) => {
    await ensureCompany(tx, DEMO_COMPANY, '演示电商公司 Demo Shop Co.');
    await upsertStores(tx, DEMO_COMPANY, data.stores);
    const batchId = await createBatch(tx, DEMO_COMPANY, {
      fileName: 'generateDemoData(1)',
      fileSha256: '',
      preset: 'demo',
      kind: 'demo',
      store: '',
      rowsRead: 0,
      importedBy: 'system',
    });
    const counts = { inserted: 0, replaced: 0, unchanged: 0 };
    const addCounts = (c: { inserted: number; replaced: number; unchanged: number }) => {
      counts.inserted += c.inserted;
      counts.replaced += c.replaced;
      counts.unchanged += c.unchanged;
    };
    addCounts(await upsertFacts(tx, DEMO_COMPANY, 'store_day', data.storeDays, { batchId }));
    addCounts(await upsertFacts(tx, DEMO_COMPANY, 'traffic_source_day', data.trafficSourceDays, { batchId }));
    addCounts(await upsertFacts(tx, DEMO_COMPANY, 'ad_day', data.adDays, { batchId }));
    addCounts(await upsertFacts(tx, DEMO_COMPANY, 'cs_agent_day', data.csAgentDays, { batchId }));
    addCounts(await upsertFacts(tx, DEMO_COMPANY, 'fx_rate', data.fxRates, { batchId }));
    await finishBatch(tx, DEMO_COMPANY, batchId, counts);

    for (const [code, zh, en, kind] of FAMILIES)
      await tx.query(
        'INSERT INTO job_family (company_id, code, name_zh, name_en, kind) VALUES ($1, $2, $3, $4, $5)',
        [DEMO_COMPANY, code, zh, en, kind],
      );
    for (const [code, name, lead] of [
      ['ops', '运营部', 'D001'],
      ['cs', '客服部', 'S001'],
      ['hr', '人力资源部', 'H001'],
    ] as const)
      await tx.query('INSERT INTO team (company_id, code, name, lead) VALUES ($1, $2, $3, $4)', [
        DEMO_COMPANY,
        code,
        name,
        lead,
      ]);
    for (const e of DEMO_EMPLOYEES) {
      await tx.query(
        `INSERT INTO employee (company_id, code, name, team, family, level, supervisor, hire_date, agent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [DEMO_COMPANY, e.code, e.name, e.team, e.family, e.level, e.supervisor, e.hireDate, e.agent ?? null],
      );
      for (const s of e.stores ?? [])
        await tx.query(
          'INSERT INTO store_assignment (company_id, employee, store, from_date) VALUES ($1, $2, $3, $4)',
          [DEMO_COMPANY, e.code, s, e.hireDate],
        );
    }
    for (const name of DEMO_TEMPLATES) {
      const yaml = await readFile(join(ROOT, 'templates', `${name}.yaml`), 'utf8');
      await createTemplateVersion(tx, system, yaml, 'demo company: shipped benchmark template');
      await seedManualFigures(tx, yaml);
      await seedTargets(tx, yaml, data);
    }
  });
  // Password hashes are set outside the transaction: scrypt is slow on purpose, and the logins are
  // created after the data so a half-loaded demo cannot be signed into.
  await db.query('DELETE FROM app_user WHERE company_id = $1', [DEMO_COMPANY]);
  const signIns: DemoSignIn[] = [{ login: 'admin', role: 'admin', name: '系统管理员' }];
  await createUser(db, DEMO_COMPANY, {
    userId: 'u-admin',
    login: 'admin',
    password,
    role: 'admin',
    employee: null,
    name: '系统管理员',
  });
  for (const e of DEMO_EMPLOYEES) {
    if (!e.login || !e.role) continue;
    await createUser(db, DEMO_COMPANY, {
      userId: `u-${e.login}`,
      login: e.login,
      password,
      role: e.role,
      employee: e.code,
      name: e.name,
    });
    signIns.push({ login: e.login, role: e.role, name: e.name });
  }
  if (opts.history) for (const month of HISTORY_MONTHS) await runDemoMonth(db, month);
  return signIns;
}

/** Months the demo runs through to the end on first start, so "my page" has a trend; 2026-10 is left to the user. */
export const HISTORY_MONTHS = ['2026-08', '2026-09'] as const;

/**
 * One whole month done by the demo's own people through the same services the API uses: HR opens it,
 * supervisors rate (seeded 3–5), HR scores and publishes, everyone confirms, HR closes.
 */
async function runDemoMonth(db: Db, month: string): Promise<void> {
  const as = (e: DemoEmployee | undefined, fallback: Role): Actor => ({
    company: DEMO_COMPANY,
    userId: `u-${e?.login ?? 'admin'}`,
    login: e?.login ?? 'admin',
    name: e?.name ?? 'admin',
    role: e?.role ?? fallback,
    employee: e?.code ?? null,
  });
  const byCode = new Map(DEMO_EMPLOYEES.map((e) => [e.code, e]));
  const hr = as(byCode.get('H001'), 'hr');
  await db.transaction((tx) => openMonth(tx, hr, { month }));
  const forms = await listForms(db, hr, month);
  for (const f of forms) {
    const sup = as(byCode.get(f.supervisor ?? ''), 'supervisor');
    const rnd = seededRandom(`${f.employee}/${month}/rating`);
    const score = () => 3 + Math.floor(rnd() * 3);
    const form = await getForm(db, hr, month, f.employee);
    const ratings = Object.fromEntries(form.templateInfo.behaviour.map((b) => [b.id, score()]));
    await db.transaction((tx) =>
      rate(tx, sup, month, f.employee, { version: form.version, rater: 'supervisor', ratings }),
    );
  }
  await scoreMonth(db, hr, month);
  await db.transaction((tx) => publishMonth(tx, hr, month));
  for (const f of await listForms(db, hr, month)) {
    const me = as(byCode.get(f.employee), 'employee');
    await db.transaction((tx) => confirmForm(tx, me, month, f.employee, f.version));
  }
  await db.transaction((tx) => closeMonth(tx, hr, month));
}

/**
 * Figures no store data holds, for the people of the template's family: each month draws one of the
 * template's examples (seeded by person and month) and takes its actuals and daily figures, so every
 * value is one the template's authors wrote down as realistic.
 */
async function seedManualFigures(tx: Sql, yaml: string): Promise<void> {
  const tpl = parseTemplate(yaml).template;
  if (!tpl || tpl.examples.length === 0) return;
  const people = DEMO_EMPLOYEES.filter((e) => e.family === tpl.family);
  const insert = (
    month: string,
    employee: string,
    metric: string,
    day: string,
    value: number,
    source: string,
  ) =>
    tx.query(
      `INSERT INTO manual_figure (company_id, month, employee, metric, day, value, source) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [DEMO_COMPANY, month, employee, metric, day, String(value), source],
    );
  for (const month of DEMO_MONTHS)
    for (const p of people) {
      const rnd = seededRandom(`${p.code}/${month}`);
      const first = Math.floor(rnd() * tpl.examples.length);
      // the drawn example first, then the others, for indicators the drawn one leaves out
      const order = tpl.examples.map((_, k) => tpl.examples[(first + k) % tpl.examples.length]!);
      for (const ind of tpl.indicators) {
        const source = `manual (demo): ${ind.name.zh} / ${ind.name.en}`;
        for (const name of [ind.metric, ...(ind.inputs ?? [])]) {
          if (name in METRICS) continue;
          const key = name === ind.metric ? ind.id : name;
          const value = order.map((ex) => ex.actuals[key]).find((v) => typeof v === 'number') ?? ind.target;
          if (typeof value === 'number') await insert(month, p.code, name, '', value, source);
        }
        if (ind.derive?.kind === 'days' && !(ind.metric in METRICS)) {
          const daily = order.map((ex) => ex.daily?.[ind.metric]).find((d) => d && d.length > 0);
          if (!daily) continue;
          const [y, m] = month.split('-').map(Number) as [number, number];
          const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
          for (let d = 1; d <= days; d++)
            await insert(
              month,
              p.code,
              ind.metric,
              `${month}-${String(d).padStart(2, '0')}`,
              daily[(d - 1) % daily.length]!.value,
              source,
            );
        }
      }
    }
}

/**
 * Each person's monthly targets for the amounts and counts their stores produce, as a company sets them:
 * the same month last year plus 15 % (whole yuan, whole visitors), stored as "target:<indicator>" figures
 * that opening a month turns into the form's targets. Rates keep the template's target.
 */
async function seedTargets(tx: Sql, yaml: string, data: FactSet): Promise<void> {
  const tpl = parseTemplate(yaml).template;
  if (!tpl) return;
  for (const month of DEMO_MONTHS) {
    const period = parsePeriod(month)!;
    for (const p of DEMO_EMPLOYEES.filter((e) => e.family === tpl.family && e.stores?.length)) {
      const ly = computeMetrics(data, { kind: 'stores', stores: p.stores! }, lastYear(period), {
        currency: 'CNY',
      });
      for (const ind of tpl.indicators) {
        if (!(ind.metric in METRICS) || ind.derive || !ruleUsesTarget(ind.rule)) continue;
        const def = METRICS[ind.metric as MetricCode];
        if (def.unit !== 'amount' && def.unit !== 'visitors' && def.unit !== 'count') continue;
        const m = ly.metrics.find((x) => x.code === ind.metric);
        if (!m?.value) continue;
        const target = dec(m.value).times('1.15').toDecimalPlaces(0).toString();
        await tx.query(
          `INSERT INTO manual_figure (company_id, month, employee, metric, day, value, source) VALUES ($1, $2, $3, $4, '', $5, $6)
           ON CONFLICT DO NOTHING`,
          [
            DEMO_COMPANY,
            month,
            p.code,
            `target:${ind.id}`,
            target,
            `demo target: last year ${lastYear(period).key} × 1.15`,
          ],
        );
      }
    }
  }
}
