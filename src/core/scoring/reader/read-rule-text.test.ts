import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveActual } from '../derive.ts';
import { evaluateRule } from '../evaluate.ts';
import type { BandsRule, Derive, Indicator, JointBandsRule, PerUnitRule, Rule } from '../types.ts';
import { normalizeRuleText, parseChineseNumeral } from './normalize.ts';
import { readRuleText } from './read-rule-text.ts';
import { samplePoints } from './sample-score.ts';

describe('normalizeRuleText', () => {
  it('maps traditional script, full-width forms, Chinese numerals and 万/千/W/K', () => {
    expect(normalizeRuleText('每低於目標１％扣兩分')).toBe('每低于目标1%扣2分');
    expect(normalizeRuleText('2W>X>=1W')).toBe('20000>X≥10000');
    expect(normalizeRuleText('超过1.2万元')).toBe('超过12000元');
    expect(normalizeRuleText('3千单，5K访客')).toBe('3000单,5000访客');
    expect(normalizeRuleText('百分之五')).toBe('5%');
    expect(normalizeRuleText('每低一个百分点扣零点五分')).toBe('每低1个百分点扣0.5分');
    expect(normalizeRuleText('不足六成')).toBe('不足60%');
    expect(normalizeRuleText('【100%,90%)')).toBe('[100%,90%)');
  });
  it('reads Chinese numerals below 万', () => {
    expect(parseChineseNumeral('十五')).toBe(15);
    expect(parseChineseNumeral('一百二十')).toBe(120);
    expect(parseChineseNumeral('两千零五')).toBe(2005);
    expect(parseChineseNumeral('二十')).toBe(20);
  });
});

describe('bad input is refused, never a crash', () => {
  const base = { indicator: '销售额', points: 20, target: 1000000 };
  it('refuses an empty text', () => {
    const r = readRuleText({ ...base, text: '' });
    expect(r.status).toBe('refused');
    if (r.status === 'refused') expect(r.reason.en).toContain('empty');
  });
  it('refuses a 5 MB text quickly and echoes only its start', () => {
    const text = '每低于目标1%扣1分'.repeat(600_000);
    expect(text.length).toBeGreaterThan(5_000_000);
    const started = performance.now();
    const r = readRuleText({ ...base, text });
    expect(performance.now() - started).toBeLessThan(200);
    expect(r.status).toBe('refused');
    expect(r.text.length).toBeLessThanOrEqual(201);
    if (r.status === 'refused') expect(r.reason.en).toContain('too long');
  });
  it.each(["=cmd|' /C calc'!A0", '+SUM(A1:A3)', '@SUM(1+1)', "-2+3+cmd|' /C calc'!A0", '=1+1'])(
    'refuses the formula-looking %s',
    (text) => {
      const r = readRuleText({ ...base, text });
      expect(r.status).toBe('refused');
      if (r.status === 'refused') expect(r.reason.en).toContain('formula');
    },
  );
  it('reads or refuses adversarial texts at the length limit quickly (no runaway backtracking)', () => {
    const texts = [
      `每低于目标${'123456789012345,'.repeat(62)}`,
      `每${'低于'.repeat(490)}`,
      '超过1%以上,'.repeat(140),
      '每1%扣1分,'.repeat(110),
      `${'9'.repeat(15)}%-`.repeat(58),
      'X>1>X'.repeat(199),
      `(${'a-'.repeat(490)})/a×1分`,
      `每日${'低于50,'.repeat(150)}扣1分`,
      `连续3天${'未完成扣5分,'.repeat(100)}`,
      `${'A≥1%且'.repeat(150)}: 8分`,
    ];
    for (const text of texts) {
      expect(text.length).toBeLessThanOrEqual(1000);
      const started = performance.now();
      const r = readRuleText({ ...base, text });
      expect(performance.now() - started).toBeLessThan(250);
      expect(['read', 'ambiguous', 'refused']).toContain(r.status);
    }
  });
  it('refuses a number of more than 15 digits', () => {
    const r = readRuleText({ ...base, text: `每低于目标${'1'.repeat(20)}%扣1分` });
    expect(r.status).toBe('refused');
    if (r.status === 'refused') expect(r.reason.en).toContain('15 digits');
  });
  it('refuses a text that is not a string', () => {
    const r = readRuleText({ ...base, text: 42 as unknown as string });
    expect(r.status).toBe('refused');
  });
  it('never throws on arbitrary text and always explains itself in both languages', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80, unit: 'grapheme' }),
        fc.constantFrom(null, 0.05, 1000000),
        (text, target) => {
          const r = readRuleText({ indicator: '转化率', points: 20, target, text });
          if (r.status === 'refused' || r.status === 'ambiguous') {
            expect(r.reason.zh.length).toBeGreaterThan(0);
            expect(r.reason.en.length).toBeGreaterThan(0);
          }
          if (r.status === 'ambiguous') expect(r.readings.length).toBeGreaterThanOrEqual(2);
        },
      ),
      { numRuns: 400 },
    );
  });
  it('never throws on texts made of the words it reads', () => {
    const words = [
      '每',
      '低于',
      '高于',
      '目标',
      '1',
      '0.5',
      '%',
      '个百分点',
      '扣',
      '加',
      '分',
      '以上',
      '以下',
      '超过',
      '-',
      '，',
      '；',
      '最高',
      '扣完为止',
      '按比例',
      '不足',
      '次',
      '≥',
      '<',
      'X',
      '[',
      ')',
      '万',
      '每日',
      '连续',
      '3天',
      '未完成',
      '且',
      '+',
      '(',
      '上期',
      '团队',
      '/',
      '×',
      '一万五',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 25 }), (parts) => {
        const r = readRuleText({
          indicator: '转化率',
          points: 20,
          target: 0.05,
          text: parts.join('') || ' ',
        });
        expect(['read', 'ambiguous', 'refused']).toContain(r.status);
      }),
      { numRuns: 600 },
    );
  });
});

describe('a rule read from text scores like the same rule written by hand', () => {
  const actuals = fc.double({ min: 0, max: 1.5, noNaN: true });

  it('per-unit rules on a rate (每低于/高于目标N个百分点扣M分)', () => {
    fc.assert(
      fc.property(
        fc.record({
          below: fc.boolean(),
          stepPoints: fc.constantFrom('0.5', '1', '2', '5'),
          per: fc.constantFrom('0.5', '1', '2', '3'),
          prorated: fc.boolean(),
          floor: fc.boolean(),
          maxDeduction: fc.option(fc.constantFrom(5, 8, 10), { nil: undefined }),
          target: fc.constantFrom(0.05, 0.3, 0.9, 0.95),
          points: fc.constantFrom(10, 20, 30),
        }),
        fc.array(actuals, { minLength: 1, maxLength: 8 }),
        (p, xs) => {
          const word = p.below ? '低于' : '高于';
          const partialText = p.prorated
            ? `不足${p.stepPoints}个百分点按比例计算`
            : `不足${p.stepPoints}个百分点不扣分`;
          const text =
            `每${word}目标${p.stepPoints}个百分点扣${p.per}分，${partialText}` +
            (p.maxDeduction !== undefined ? `，最多扣${p.maxDeduction}分` : '') +
            (p.floor ? '，扣完为止' : '');
          const hand: PerUnitRule = {
            type: 'per-unit',
            on: 'actual',
            reference: 'target',
            direction: p.below ? 'below' : 'above',
            step: Number(p.stepPoints) / 100,
            stepOf: 'absolute',
            partial: p.prorated ? 'prorated' : 'whole',
            ...(p.below ? { perStepBelow: -Number(p.per) } : { perStepAbove: -Number(p.per) }),
            base: 'full',
            floor: p.floor ? { points: 0 } : 'none',
            ...(p.maxDeduction !== undefined ? { maxDeduction: p.maxDeduction } : {}),
          };
          const r = readRuleText({ indicator: '转化率', points: p.points, target: p.target, text });
          expect(r.status).toBe('read');
          if (r.status !== 'read') return;
          expect(r.rule).toEqual(hand);
          for (const actual of xs) {
            const input = { actual, target: p.target, weight: p.points };
            expect(samplePoints(r.rule, input)).toBe(samplePoints(hand, input));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('band tables (≥A得X分；B≤X<A得Y分；X<B不得分) in simplified or traditional script', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 51, max: 120 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 150 }), { minLength: 1, maxLength: 8 }),
        (a, bGap, y, traditional, xs) => {
          const b = a - bGap;
          const x = 20;
          // the traditional variant also uses full-width digits and signs, as sheets typed on a Chinese IME do
          const fullWidth = (v: string) =>
            v.replace(/[0-9%<]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
          const text = traditional
            ? fullWidth(`達成率≥${a}%得${x}分；${b}%≤達成率<${a}%得${y}分；達成率<${b}%不計分`)
            : `完成率≥${a}%得${x}分；${b}%≤完成率<${a}%得${y}分；完成率<${b}%不得分`;
          const hand: BandsRule = {
            type: 'bands',
            on: 'completion',
            unit: 'points',
            bands: [
              { when: { gte: a / 100 }, value: x },
              { when: { gte: b / 100, lt: a / 100 }, value: y },
              { when: { lt: b / 100 }, value: 0 },
            ],
            else: 0,
          };
          const r = readRuleText({ indicator: '销售额', points: 20, target: 100000, text });
          expect(r.status).toBe('read');
          if (r.status !== 'read' || r.rule.type !== 'bands') return;
          expect(r.rule.bands.map(({ when, value }) => ({ when, value }))).toEqual(hand.bands);
          for (const pct of xs) {
            const input = { actual: pct * 1000, target: 100000, weight: 20 };
            expect(samplePoints(r.rule, input)).toBe(samplePoints(hand, input));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counted events (每出现一次扣N分，最多扣M分)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 5, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 8 }),
        (n, m, xs) => {
          const hand: PerUnitRule = {
            type: 'per-unit',
            on: 'actual',
            reference: 'zero',
            direction: 'above',
            step: 1,
            stepOf: 'absolute',
            partial: 'whole',
            perStepAbove: -n,
            base: 'full',
            floor: 'none',
            maxDeduction: m,
          };
          const r = readRuleText({
            indicator: '差评数',
            points: 20,
            target: null,
            text: `每出现一次差评扣${n}分，最多扣${m}分`,
          });
          expect(r.status).toBe('read');
          if (r.status !== 'read') return;
          expect(r.rule).toEqual(hand);
          for (const actual of xs) {
            const input = { actual, target: null, weight: 20 };
            expect(samplePoints(r.rule, input)).toBe(samplePoints(hand, input));
          }
        },
      ),
    );
  });
});

describe('ambiguous readings', () => {
  it('"每低1%扣1分" on a rate offers percentage points and percent of target, and the samples differ', () => {
    const r = readRuleText({
      indicator: '转化率',
      points: 20,
      target: 0.95,
      text: '每低于目标1%扣1分，不足1%按比例计算',
    });
    expect(r.status).toBe('ambiguous');
    if (r.status !== 'ambiguous') return;
    expect(r.readings.map((x) => (x.rule as PerUnitRule).stepOf)).toEqual(['absolute', 'target']);
    const [a, b] = r.readings;
    expect(a!.samples.map((s) => s.actual)).toEqual(b!.samples.map((s) => s.actual));
    expect(a!.samples.some((s, k) => s.points !== b!.samples[k]!.points)).toBe(true);
  });
  it('offers half-open intervals where integer-percent rows leave 99.5% in no row', () => {
    const r = readRuleText({
      indicator: '好评率',
      points: 10,
      target: 0.95,
      text: '95%-99%: 8分; 90%-94%: 6分',
    });
    expect(r.status).toBe('ambiguous');
    if (r.status !== 'ambiguous') return;
    const at = (k: number, actual: number) =>
      samplePoints(r.readings[k]!.rule, { actual, target: 0.95, weight: 10 });
    expect(at(0, 0.995)).toBe(0);
    expect(at(1, 0.995)).toBe(8);
    expect(at(0, 0.945)).toBe(0);
    expect(at(1, 0.945)).toBe(6);
  });
});

describe('compound Chinese numerals (万/千 with an abbreviated last digit)', () => {
  it.each([
    ['一万五', '15000'],
    ['一万五千', '15000'],
    ['三千五百', '3500'],
    ['三千五', '3500'],
    ['1.5万', '15000'],
    ['2W', '20000'],
    ['十二', '12'],
    ['二十五', '25'],
    ['一百零五', '105'],
    ['两千', '2000'],
    ['一万零五百', '10500'],
    ['十二万', '120000'],
    ['1万5千', '15000'],
    ['1万五', '15000'],
    ['3千5百', '3500'],
    ['销售额达到一万五千元', '销售额达到15000元'],
    ['銷售額達到一萬五千元', '销售额达到15000元'],
    // the number after 万 is another number here, never glued onto 10000 ("100005")
    ['达到1万5分', '达到10000 5分'],
    ['二〇二六年', '二〇二六年'],
  ])('%s → %s', (raw, want) => {
    expect(normalizeRuleText(raw)).toBe(want);
  });

  /** The standard way of writing n (< 10^8) in Chinese numerals: 10500 → 一万零五百, 15 → 十五. */
  function chinese(n: number): string {
    const D = '零一二三四五六七八九';
    const section = (v: number, leadingZero: boolean): string => {
      let s = '';
      let zero = leadingZero;
      for (const [unit, name] of [
        [1000, '千'],
        [100, '百'],
        [10, '十'],
        [1, ''],
      ] as const) {
        const d = Math.floor(v / unit) % 10;
        if (d === 0) {
          if (s) zero = true;
          continue;
        }
        if (zero && (s || leadingZero)) s += '零';
        zero = false;
        s += D[d] + name;
      }
      return s;
    };
    const hi = Math.floor(n / 10000);
    const lo = n % 10000;
    let s = hi ? `${section(hi, false)}万` : '';
    if (lo) s += section(lo, hi > 0 && lo < 1000);
    if (s === '') s = '零';
    return s.replace(/^一十/, '十');
  }

  it('reads every number written out in Chinese numerals as that number, inside a band row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), (n) => {
        const text = `销售额达到${chinese(n)}元得20分`;
        const r = readRuleText({ indicator: '销售额', points: 20, target: null, text });
        expect(r.status, text).toBe('read');
        if (r.status !== 'read' || r.rule.type !== 'bands') return;
        expect(r.rule.bands[0]!.when).toEqual({ gte: n });
      }),
      { numRuns: 500 },
    );
  });
});

describe('day counts, streaks, rank bands and joint bands score like the rule written by hand', () => {
  const indicator = (derive: Derive): Indicator => ({
    id: 'x',
    name: { zh: 'x', en: 'x' },
    definition: { zh: '', en: '' },
    metric: 'm',
    cycle: 'day',
    weight: 20,
    rule: { type: 'pass-fail' },
    derive,
  });
  const scoreDerived = (rule: Rule, derive: Derive, values: number[]) => {
    const daily = {
      m: values.map((value, i) => ({ date: `2026-11-${String(i + 1).padStart(2, '0')}`, value })),
    };
    const actual = deriveActual(indicator(derive), derive, { actuals: {}, daily }, null);
    return samplePoints(rule, { actual, target: null, weight: 20 });
  };

  it('每日低于N个访客，每天扣K分 → days below N, per-unit from full points', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 200 }),
        fc.constantFrom(1, 2, 5, 10),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 31 }),
        (threshold, k, floor, traditional, days) => {
          const text = traditional
            ? `每日訪客低於${threshold}個，每天扣${k}分${floor ? '，扣完為止' : ''}`
            : `每日低于${threshold}个访客，减${k}分${floor ? '，扣完为止' : ''}`;
          const hand: PerUnitRule = {
            type: 'per-unit',
            on: 'actual',
            reference: 'zero',
            direction: 'above',
            step: 1,
            stepOf: 'absolute',
            partial: 'whole',
            perStepAbove: -k,
            base: 'full',
            floor: floor ? { points: 0 } : 'none',
          };
          const handDerive: Derive = { kind: 'days', count: 'days', when: { lt: threshold } };
          const r = readRuleText({ indicator: '直播间访客', points: 20, target: null, text });
          expect(r.status, text).toBe('read');
          if (r.status !== 'read') return;
          expect(r.rule).toEqual(hand);
          expect(r.derive).toEqual(handDerive);
          expect(scoreDerived(r.rule, r.derive!, days)).toBe(scoreDerived(hand, handDerive, days));
          // and the points are what the sheet says: full minus K per day below the threshold
          const below = days.filter((d) => d < threshold).length;
          const want = floor ? Math.max(0, 20 - k * below) : 20 - k * below;
          expect(scoreDerived(r.rule, r.derive!, days)).toBe(want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('连续N天未完成扣K分 → the longest run of days below 100%', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.constantFrom(0.5, 0.99, 1, 1.2), { minLength: 1, maxLength: 31 }),
        (n, k, days) => {
          const r = readRuleText({
            indicator: '日销售完成',
            points: 20,
            target: null,
            text: `连续${n}天未完成扣${k}分`,
          });
          const hand: BandsRule = {
            type: 'bands',
            on: 'actual',
            unit: 'points',
            bands: [{ when: { gte: n }, value: 20 - k }],
            else: 20,
          };
          const handDerive: Derive = { kind: 'days', count: 'longestStreak', when: { lt: 1 } };
          expect(r.status).toBe('read');
          if (r.status !== 'read' || r.rule.type !== 'bands') return;
          expect(r.rule.bands.map(({ when, value }) => ({ when, value }))).toEqual(hand.bands);
          expect(r.derive).toEqual(handDerive);
          let run = 0;
          let longest = 0;
          for (const d of days) {
            run = d < 1 ? run + 1 : 0;
            longest = Math.max(longest, run);
          }
          const got = scoreDerived(r.rule, r.derive!, days);
          expect(got).toBe(scoreDerived(hand, handDerive, days));
          expect(got).toBe(longest >= n ? 20 - k : 20);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('团队排名第1名A分，第2名B分，其余C分 (with or without 得) → bands on the rank', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 10 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1 }),
        fc.boolean(),
        (a, gap, c, de) => {
          const b = a - gap;
          const g = de ? '得' : '';
          const r = readRuleText({
            indicator: '团队排名',
            points: 10,
            target: null,
            text: `团队排名第1名${g}${a}分，第2名${g}${b}分，其余${c}分`,
          });
          expect(r.status).toBe('read');
          if (r.status !== 'read') return;
          expect(r.derive).toEqual({ kind: 'rank', group: 'team', order: 'desc' });
          for (let rank = 1; rank <= 12; rank++) {
            const want = rank === 1 ? a : rank === 2 ? b : c;
            expect(samplePoints(r.rule, { actual: rank, target: null, weight: 10 })).toBe(want);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('joint bands (A≥x% 且 B≥y%: P分；≥x2%+≥y2%: Q分；其余0分) → first row whose conditions all hold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 41, max: 90 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 21, max: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (x1, dx, y1, dy, xs) => {
          const x2 = x1 - dx;
          const y2 = y1 - dy;
          const text = `5分钟留存≥${x1}% 且 30分钟留存≥${y1}%: 8分；≥${x2}%+≥${y2}%: 6分；其余0分`;
          const hand: JointBandsRule = {
            type: 'joint-bands',
            unit: 'points',
            rows: [
              { when: { '5分钟留存': { gte: x1 / 100 }, '30分钟留存': { gte: y1 / 100 } }, value: 8 },
              { when: { '5分钟留存': { gte: x2 / 100 }, '30分钟留存': { gte: y2 / 100 } }, value: 6 },
            ],
            else: 0,
          };
          const r = readRuleText({ indicator: '留存', points: 8, target: null, text });
          expect(r.status).toBe('read');
          if (r.status !== 'read' || r.rule.type !== 'joint-bands') return;
          expect(r.inputs).toEqual(['5分钟留存', '30分钟留存']);
          expect(r.rule.rows.map(({ when, value }) => ({ when, value }))).toEqual(hand.rows);
          for (const [a, b] of xs) {
            const vars = { '5分钟留存': a / 100, '30分钟留存': b / 100 };
            const got = evaluateRule(r.rule, { actual: 0, points: 8, vars }).points;
            expect(got).toBe(evaluateRule(hand, { actual: 0, points: 8, vars }).points);
            const want = a >= x1 && b >= y1 ? 8 : a >= x2 && b >= y2 ? 6 : 0;
            expect(got).toBe(want);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('(本期-上期)/上期×K分 offers the formula as written and kept within 0 and the full points', () => {
    const r = readRuleText({
      indicator: '销售额',
      points: 15,
      target: null,
      text: '(本期销售额-上期销售额)/上期销售额×15分',
    });
    expect(r.status).toBe('ambiguous');
    if (r.status !== 'ambiguous') return;
    const derive: Derive = { kind: 'history', compare: 'previous', as: 'growth' };
    for (const reading of r.readings) expect(reading.derive).toEqual(derive);
    const ind = { ...indicator(derive), metric: 'sales', weight: 15 };
    // 230 000 against 200 000: growth 15% → 2.25 points under both readings
    const growth = deriveActual(
      ind,
      derive,
      { actuals: { sales: 230000 }, history: { previous: { sales: 200000 } } },
      null,
    );
    const at = (k: number, g: number) =>
      samplePoints(r.readings[k]!.rule, { actual: g, target: null, weight: 15 });
    expect(at(0, growth)).toBe(2.25);
    expect(at(1, growth)).toBe(2.25);
    // a fall of 20%: −3 as written, 0 when bounded
    expect(at(0, -0.2)).toBe(-3);
    expect(at(1, -0.2)).toBe(0);
  });
});
