/**
 * Normalising a 评分标准 cell before reading it (规范化).
 *
 * Real sheets mix full-width and half-width punctuation, traditional and simplified script, Chinese and
 * arabic numerals, and units written as 万/千/W/K. The reader's patterns are written once, for one
 * spelling: half-width ASCII punctuation, simplified script, arabic numbers with units multiplied out.
 * @example normalizeRuleText('每低於目標１％扣兩分') === '每低于目标1%扣2分'
 */

/**
 * Traditional → simplified, only for characters that occur in appraisal wording. A full conversion
 * table is not needed: a character missing here only matters if a pattern contains it.
 */
const TRADITIONAL: Record<string, string> = {
  點: '点',
  減: '减',
  達: '达',
  標: '标',
  準: '准',
  內: '内',
  過: '过',
  滿: '满',
  計: '计',
  於: '于',
  個: '个',
  項: '项',
  為: '为',
  時: '时',
  單: '单',
  錯: '错',
  發: '发',
  現: '现',
  誤: '误',
  際: '际',
  績: '绩',
  獎: '奖',
  勵: '励',
  額: '额',
  銷: '销',
  實: '实',
  會: '会',
  與: '与',
  級: '级',
  對: '对',
  應: '应',
  數: '数',
  調: '调',
  長: '长',
  開: '开',
  關: '关',
  後: '后',
  無: '无',
  從: '从',
  當: '当',
  們: '们',
  質: '质',
  訂: '订',
  貨: '货',
  轉: '转',
  換: '换',
  總: '总',
  評: '评',
  價: '价',
  響: '响',
  遲: '迟',
  復: '复',
  覆: '复',
  兩: '两',
  萬: '万',
  億: '亿',
  並: '并',
  則: '则',
  該: '该',
  罰: '罚',
  違: '违',
  規: '规',
  範: '范',
  圍: '围',
  進: '进',
  較: '较',
  環: '环',
  區: '区',
  間: '间',
  檔: '档',
  顧: '顾',
  詢: '询',
  確: '确',
  認: '认',
  處: '处',
  獲: '获',
  業: '业',
  務: '务',
  營: '营',
  運: '运',
  廣: '广',
  費: '费',
  產: '产',
  傳: '传',
  圖: '图',
  設: '设',
  頁: '页',
  審: '审',
  結: '结',
  記: '记',
  錄: '录',
  補: '补',
  揀: '拣',
  貼: '贴',
  簽: '签',
  盤: '盘',
  損: '损',
  壞: '坏',
  丟: '丢',
  週: '周',
  視: '视',
  況: '况',
  礎: '础',
  紀: '纪',
  遺: '遗',
  詳: '详',
  細: '细',
  讀: '读',
  線: '线',
  續: '续',
  齊: '齐',
  顯: '显',
  嚴: '严',
  賣: '卖',
  買: '买',
  條: '条',
  張: '张',
  筆: '笔',
  問: '问',
  題: '题',
  訪: '访',
  聽: '听',
  說: '说',
  話: '话',
  術: '术',
  號: '号',
  據: '据',
  庫: '库',
  倉: '仓',
  隊: '队',
  團: '团',
  員: '员',
  經: '经',
  驗: '验',
  證: '证',
  書: '书',
  專: '专',
  參: '参',
  幣: '币',
  餘: '余',
  歸: '归',
  檢: '检',
  測: '测',
  錢: '钱',
  賠: '赔',
  償: '偿',
  礙: '碍',
  屬: '属',
  態: '态',
  權: '权',
  種: '种',
  類: '类',
  備: '备',
  註: '注',
  將: '将',
  這: '这',
  約: '约',
  戶: '户',
  導: '导',
  門: '门',
  購: '购',
  稱: '称',
  複: '复',
  議: '议',
  論: '论',
  優: '优',
  曠: '旷',
  請: '请',
  佔: '占',
  籌: '筹',
  劃: '划',
  畫: '画',
  頻: '频',
  擊: '击',
  夠: '够',
  雙: '双',
  節: '节',
  獨: '独',
  兌: '兑',
  禮: '礼',
  傭: '佣',
  動: '动',
  場: '场',
  觀: '观',
  眾: '众',
  臺: '台',
  裝: '装',
  漲: '涨',
  選: '选',
  擇: '择',
  簡: '简',
  連: '连',
  鐘: '钟',
  贏: '赢',
  幾: '几',
};

const FULL_WIDTH: Record<string, string> = {
  '％': '%',
  '．': '.',
  '，': ',',
  '；': ';',
  '：': ':',
  '（': '(',
  '）': ')',
  '【': '[',
  '】': ']',
  '〔': '[',
  '〕': ']',
  '［': '[',
  '］': ']',
  '＞': '>',
  '＜': '<',
  '＝': '=',
  '～': '~',
  '〜': '~',
  '—': '-',
  '–': '-',
  '－': '-',
  '─': '-',
  '＋': '+',
  '≧': '≥',
  '≦': '≤',
  '、': ',',
  '。': ';',
  '　': ' ',
  '＊': '*',
  '／': '/',
  Ｘ: 'X',
  ｘ: 'x',
  Ｗ: 'W',
  ｗ: 'w',
  Ｋ: 'K',
  ｋ: 'k',
  '\u00a0': ' ',
  '\t': ' ',
  '！': '!',
  '？': '?',
  '“': '"',
  '”': '"',
  '「': '"',
  '」': '"',
};

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const MULTIPLIERS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Parses a Chinese numeral up to 万 (一, 十五, 二十, 一百二十, 两千零五, 一万五千, 十二万). Returns null when
 * the run is not a well-formed numeral, so that the text is left as it was.
 *
 * A digit written right after a multiplier with no 零 between is the next smaller unit, as people say
 * amounts: 一万五 = 15000, 三千五 = 3500, 一百五 = 150 (but 一百零五 = 105, 十五 = 15).
 * `unitBefore` is the multiplier written before the run in arabic ("1万五千": 五千 follows 万).
 */
export function parseChineseNumeral(s: string, unitBefore?: number): number | null {
  let total = 0;
  /** the part below 万 */
  let section = 0;
  let digit: number | null = null;
  /** the last multiplier written, and whether a 零 came after it (一百零五: 五 is units) */
  let last = unitBefore ?? 0;
  let zero = false;
  let wan = false;
  for (const ch of s) {
    if (ch in DIGITS) {
      const d = DIGITS[ch]!;
      if (d === 0) {
        zero = true; // 一百零五: the 五 after 零 is units
        continue;
      }
      if (digit !== null) return null; // 五五: not a numeral
      digit = d;
    } else if (ch in MULTIPLIERS) {
      const m = MULTIPLIERS[ch]!;
      // 十 alone means 10 (十五 = 15); 二十 = 2 × 10. A multiplier not below the one before it
      // within the section (五十百) is not a numeral.
      if (last !== 0 && last !== 10000 && m >= last && section > 0) return null;
      section += (digit ?? 1) * m;
      digit = null;
      last = m;
      zero = false;
    } else if (ch === '万') {
      if (wan || (section === 0 && digit === null && unitBefore === undefined)) return null;
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
      digit = null;
      last = 10000;
      zero = false;
      wan = true;
    } else {
      return null;
    }
  }
  if (digit !== null && digit !== 0) {
    // 一万五 / 三千五: a trailing digit after a multiplier (no 零 between) is one unit smaller
    section += last >= 100 && !zero ? (digit * last) / 10 : digit;
  }
  return total + section;
}

/** Multiplies out 万/千/W/K written after a number: 1.2万 → 12000, 2W → 20000, 3千 → 3000. */
function expandUnits(s: string): string {
  // "1万5千" and "3千5百" are one number, and so is "1万5" (said as 一万五: 15000), unless points follow
  // ("1万5分" is not a figure anyone writes for 15000)
  const compound = s
    .replace(/(\d+)\s*[万wW](\d)\s*千/g, (_m, a: string, b: string) =>
      String(Number(a) * 10000 + Number(b) * 1000),
    )
    .replace(/(\d+)\s*千(\d)\s*百/g, (_m, a: string, b: string) => String(Number(a) * 1000 + Number(b) * 100))
    .replace(/(?<![\d.])(\d+)(万|千)(\d)(?![\d.%‰分])/g, (_m, a: string, u: string, b: string) =>
      String(u === '万' ? Number(a) * 10000 + Number(b) * 1000 : Number(a) * 1000 + Number(b) * 100),
    );
  return compound.replace(
    /(\d+(?:\.\d+)?)\s*(万|千|[wWkK](?![a-zA-Z]))(?=(\d)?)/g,
    (_m, num: string, unit: string, next: string | undefined) => {
      const factor = unit === '万' || unit === 'w' || unit === 'W' ? 10000 : 1000;
      // "达到1万5分": the number after 万 is another number, never glued onto 10000
      return `${scaleDecimalString(num, factor)}${next ? ' ' : ''}`;
    },
  );
}

/** Exact decimal string × 10^k (no binary floating point: 1.2 × 10000 must be 12000, not 11999.999…). */
function scaleDecimalString(num: string, factor: number): string {
  const zeros = String(factor).length - 1;
  const [int = '0', frac = ''] = num.split('.');
  const padded = frac.padEnd(zeros, '0');
  const digits = `${int}${padded.slice(0, zeros)}`.replace(/^0+(?=\d)/, '');
  const rest = padded.slice(zeros).replace(/0+$/, '');
  return rest ? `${digits}.${rest}` : digits;
}

/**
 * The one spelling the reader's patterns are written for.
 * Order matters: script and punctuation first, then numerals (so 兩 → 两 → 2), then units.
 */
export function normalizeRuleText(raw: string): string {
  let s = '';
  for (const ch of raw) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff10 && code <= 0xff19) s += String.fromCharCode(code - 0xff10 + 48);
    else if (ch in FULL_WIDTH) s += FULL_WIDTH[ch];
    else if (ch in TRADITIONAL) s += TRADITIONAL[ch];
    else s += ch;
  }
  // Two-character operators, written once as their one-character sign.
  s = s.replace(/>=|=>/g, '≥').replace(/<=|=</g, '≤');
  s = s.replace(/\r\n?|\n/g, ';');
  // 百分之五 → 5%, 千分之三 → 3‰, before the numeral pass turns 百/千 into multipliers.
  s = s.replace(/百分之([零〇一二两三四五六七八九十百\d.]+)/g, (_m, n: string) => `${numeralOrSelf(n)}%`);
  s = s.replace(/千分之([零〇一二两三四五六七八九十百\d.]+)/g, (_m, n: string) => `${numeralOrSelf(n)}‰`);
  // 零点五 → 0.5, 一点五 → 1.5 (点 after a numeral is a decimal point; 百分点 is preceded by 分)
  s = s.replace(
    /([零〇一二两三四五六七八九十百]+)点([零〇一二三四五六七八九]+)/g,
    (m, a: string, b: string) => {
      const int = parseChineseNumeral(a);
      const frac = [...b].map((c) => DIGITS[c]).join('');
      return int === null ? m : `${int}.${frac}`;
    },
  );
  // "1万五千", "3千五百": arabic digits, a multiplier, then Chinese digits: one number (15000, 3500)
  s = s.replace(
    /(\d+)([万千百])([零〇一二两三四五六七八九十百千]+)/g,
    (m, num: string, unit: string, rest: string) => {
      const factor = unit === '万' ? 10000 : unit === '千' ? 1000 : 100;
      const tail = parseChineseNumeral(rest, factor);
      return tail === null || tail >= factor ? m : String(Number(num) * factor + tail);
    },
  );
  // 百分点 and 百分比 are words, not the number 100.
  s = s.replace(/[零〇一二两三四五六七八九十百千万]+/g, (run, offset: number, whole: string) => {
    if (!/[零〇一二两三四五六七八九十]/.test(run)) return run;
    // 万 with no numeral before it ("万一") is a word; "一万" is a number
    if (run.startsWith('万')) return `万${numeralOrSelf(run.slice(1))}`;
    const next = whole.slice(offset + run.length, offset + run.length + 2);
    if (run.endsWith('百') && /^分[点比]/.test(next)) {
      const head = run.slice(0, -1);
      return head ? `${numeralOrSelf(head)}百` : run;
    }
    // 一等奖 / 第一名 / 统一 keep their meaning; only runs that look like numerals are converted.
    const value = parseChineseNumeral(run);
    return value === null ? run : String(value);
  });
  // 6成 → 60% (成 after a number is tenths; 完成/达成 are not preceded by a digit)
  s = s.replace(/(\d+(?:\.\d+)?)成/g, (_m, n: string) => `${scaleDecimalString(n, 10)}%`);
  s = expandUnits(s);
  return s.replace(/ {2,}/g, ' ').trim();
}

function numeralOrSelf(n: string): string {
  if (/^\d+(\.\d+)?$/.test(n)) return n;
  const v = parseChineseNumeral(n);
  return v === null ? n : String(v);
}
