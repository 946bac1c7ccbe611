/**
 * Cells the reader must refuse, each with the reason a person needs to fix the sheet. Checked on the raw
 * text before any pattern runs (so a 5 MB cell never reaches a regular expression) and again on the
 * normalised text for wording that cannot be a rule (amount not stated, discretion, money fines, history,
 * ranking).
 */
import { type Text, t } from '../../text.ts';

/** A 评分标准 cell is a sentence or a short table; anything longer is not one. */
export const MAX_RULE_TEXT = 1000;

export function refuseRaw(text: unknown): Text | null {
  if (typeof text !== 'string') return t('评分标准不是文字', 'the rule text is not a string');
  if (text.trim().length === 0) return t('评分标准为空', 'the rule text is empty');
  if (text.length > MAX_RULE_TEXT) {
    return t(
      `评分标准过长（${text.length}个字符，上限${MAX_RULE_TEXT}）：不是一条评分规则`,
      `the rule text is too long (${text.length} characters, limit ${MAX_RULE_TEXT}): not a scoring rule`,
    );
  }
  // No figure on a sheet has 16 digits; long digit runs are also what makes the patterns backtrack.
  if (/\d{16,}/.test(text)) {
    return t(
      '含有超过15位的数字：不是评分规则',
      'contains a number of more than 15 digits: not a scoring rule',
    );
  }
  // A cell starting with = + - @ is a spreadsheet formula (and "=cmd|…" a DDE injection): never read it.
  if (/^\s*[=+@]/.test(text) || /^\s*-[\s\d.]*[-+*/(A-Za-z]/.test(text) || /[A-Za-z]+\s*\|/.test(text)) {
    return t(
      '内容像电子表格公式（以=、+、@开头或含"|"）：不读取',
      'looks like a spreadsheet formula (starts with =, +, @ or contains "|"): not read',
    );
  }
  return null;
}

const REFUSALS: [RegExp, Text][] = [
  [
    /(对应|相应|一定|适当)(比例|的)?(的)?(分数|分值|分)|按比例扣(除)?(分)?$/,
    t('"扣除对应比例的分数"：没写扣多少', '"扣除对应比例的分数": amount not stated'),
  ],
  [
    /酌情|视情况|视情节|根据情况|根据实际情况|由(主管|上级|领导|经理).{0,4}(评|定|打分)|主观|综合评定|综合评价/,
    t('由人酌情评定：没有可计算的规则', 'left to someone’s judgement: no rule to compute'),
  ],
  [
    /环比|同比|上月|上期|去年同期|较上/,
    t(
      '与上期或去年比较：需要历史数据，请写成公式',
      'compares with an earlier period: needs history input, write it as a formula',
    ),
  ],
  [
    /排名|名次|第\d+名|团队平均|平均值|均值|行业|前\d+名/,
    t(
      '按排名或团队平均：需要团队数据，请写成公式或排名奖',
      'ranks or team averages: needs cohort input, write it as a formula or a rank prize',
    ),
  ],
];

/** Places and ranks: 一等奖 (normalised 1等奖), 第1名, 排名, 前3名, 冠军 … */
const RANK_WORDS = /\d+等奖|第\d+名|排名|名次|前\d+名|冠军|亚军|季军/;
/** Money words that pay or take cash even when no amount is written ("好评返现奖励"). */
const MONEY_WORDS = /罚款|罚金|返现|现金奖励|红包|奖金|提成|罚\d|扣款/;
const MONEY_AMOUNT = /\d+(?:\.\d+)?\s*元/;

export const MONEY_REASONS = {
  rankPrize: t(
    '排名奖金（元）是钱，不是考核分：请在薪酬方案中写成排名奖（rank-prize：排名范围、名次、名额、金额、并列规则）',
    'a rank prize in money (元) is pay, not appraisal points: write it as a rank prize of the pay plan (rank-prize: group, places, counts, amounts, tie rule)',
  ),
  commission: t(
    '按单/按件提成（元）是钱，不是考核分：请写进薪酬方案（提成或按件奖励）',
    'a commission in money (元) is pay, not appraisal points: write it into the pay plan (commission or per-unit bonus)',
  ),
  ledger: t(
    '按次罚/奖现金（元）是钱，不是考核分：记入薪资台账（shopkpi pay --ledger，或网页“薪资台账”）',
    'a money fine or reward (元) per incident is pay, not appraisal points: it belongs to the pay ledger (shopkpi pay --ledger, or the Pay ledger page)',
  ),
} as const;

/**
 * Money wordings are refused before any other pattern (a rank or a per-unit shape must not turn
 * "一等奖500元" or "错发一单罚5元" into points). A clause pays money when it names an amount in 元 and no
 * points (分): "每满1万元加1分" is a points rule whose threshold is in 元, "罚5元" is money.
 */
export function refuseMoney(text: string): Text | null {
  const clauses = text.split(/[,;，；。\n]/);
  const money = clauses.some(
    (c) => !/\d\s*分|分数|得分|扣分|加分/.test(c) && (MONEY_AMOUNT.test(c) || MONEY_WORDS.test(c)),
  );
  if (!money) return null;
  if (RANK_WORDS.test(text)) return MONEY_REASONS.rankPrize;
  if (/提成/.test(text)) return MONEY_REASONS.commission;
  return MONEY_REASONS.ledger;
}

export function refuseNormalised(text: string): Text | null {
  for (const [re, reason] of REFUSALS) if (re.test(text)) return reason;
  if (
    /(扣|减|加)(除)?(分|分数)?$|(扣除?|减|加)\s*(若干|部分|一定)\s*分/.test(text) &&
    !/\d\s*分/.test(text)
  ) {
    return t('写了加扣分但没写多少分', 'adds or deducts points but does not say how many');
  }
  return null;
}
