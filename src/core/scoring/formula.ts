/**
 * The formula sandbox (公式沙箱). A user's expression is parsed by mathjs, every node of the syntax tree is
 * checked against a whitelist (numbers, the declared variable names, arithmetic, comparisons, and/or/not,
 * `cond ? a : b`, and a few pure functions), and the tree is then compiled into plain closures of our own.
 * Nothing the user writes reaches `eval`, `Function`, a property access or mathjs's own evaluator, so
 * `constructor`, `__proto__`, `import(...)`, matrices (`ones(1e5,1e5)`) and assignments are refused at parse
 * time. Limits: 500 characters and 200 nodes; with no loops, ranges or user functions, one evaluation costs
 * at most one step per node, which is the time limit (it cannot run long).
 */
import { parse } from 'mathjs';
import type { Text } from '../text.ts';

export const FORMULA_MAX_LENGTH = 500;
export const FORMULA_MAX_NODES = 200;

type Fn = (vars: Readonly<Record<string, number | null | undefined>>) => number;

const FUNCTIONS: Record<string, { arity: [number, number]; fn: (...a: number[]) => number }> = {
  min: { arity: [1, 20], fn: Math.min },
  max: { arity: [1, 20], fn: Math.max },
  abs: { arity: [1, 1], fn: Math.abs },
  floor: { arity: [1, 1], fn: Math.floor },
  ceil: { arity: [1, 1], fn: Math.ceil },
  sqrt: { arity: [1, 1], fn: Math.sqrt },
  round: {
    arity: [1, 2],
    fn: (x: number, d = 0) => {
      const f = 10 ** d;
      const s = Math.abs(x) * f;
      const r = Math.floor(Number(s.toPrecision(12)) + 0.5) / f;
      return x < 0 ? -r : r;
    },
  },
  clamp: { arity: [3, 3], fn: (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi) },
};

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: (a, b) => a ** b,
  mod: (a, b) => a - b * Math.floor(a / b),
  larger: (a, b) => (a > b ? 1 : 0),
  smaller: (a, b) => (a < b ? 1 : 0),
  largerEq: (a, b) => (a >= b ? 1 : 0),
  smallerEq: (a, b) => (a <= b ? 1 : 0),
  equal: (a, b) => (a === b ? 1 : 0),
  unequal: (a, b) => (a !== b ? 1 : 0),
  and: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  or: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
};

export class FormulaError extends Error {
  readonly text: Text;
  constructor(text: Text) {
    super(text.en);
    this.text = text;
    this.name = 'FormulaError';
  }
}

export interface CompiledFormula {
  source: string;
  variables: string[];
  evaluate: Fn;
}

interface MathNode {
  type: string;
  [key: string]: unknown;
}

/**
 * Parses and compiles a formula over the allowed variable names. Throws {@link FormulaError} with the
 * reason when the text is too long, does not parse, or uses anything outside the whitelist.
 * @example compileFormula('min(actual / target, 1.2) * weight', ['actual','target','weight']).evaluate({actual: 126, target: 100, weight: 30}) === 36
 */
export function compileFormula(source: string, allowed: readonly string[]): CompiledFormula {
  if (source.length > FORMULA_MAX_LENGTH) {
    throw new FormulaError({
      zh: `公式超过${FORMULA_MAX_LENGTH}个字符`,
      en: `the formula is longer than ${FORMULA_MAX_LENGTH} characters`,
    });
  }
  let root: MathNode;
  try {
    root = parse(source) as unknown as MathNode;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new FormulaError({ zh: `公式无法解析：${msg}`, en: `the formula does not parse: ${msg}` });
  }
  const allowedSet = new Set(allowed);
  const used = new Set<string>();
  let count = 0;
  const refuse = (what: string): never => {
    throw new FormulaError({ zh: `公式中不允许使用：${what}`, en: `not allowed in a formula: ${what}` });
  };
  const build = (node: MathNode): Fn => {
    count++;
    if (count > FORMULA_MAX_NODES) {
      throw new FormulaError({
        zh: `公式超过${FORMULA_MAX_NODES}个节点`,
        en: `the formula has more than ${FORMULA_MAX_NODES} nodes`,
      });
    }
    switch (node.type) {
      case 'ConstantNode': {
        const value = node.value;
        if (typeof value !== 'number' || !Number.isFinite(value)) refuse(`constant ${JSON.stringify(value)}`);
        const c = value as number;
        return () => c;
      }
      case 'SymbolNode': {
        const name = node.name as string;
        if (!Object.hasOwn(FUNCTIONS, name) && !allowedSet.has(name)) {
          throw new FormulaError({
            zh: `未知的名称“${name}”（可用：${allowed.join('、')}）`,
            en: `unknown name "${name}" (available: ${allowed.join(', ')})`,
          });
        }
        if (!allowedSet.has(name)) refuse(`function ${name} used as a value`);
        used.add(name);
        return (vars) => {
          const v = vars[name];
          if (v === undefined || v === null) {
            throw new FormulaError({
              zh: `公式需要“${name}”，但没有提供`,
              en: `the formula needs "${name}", which is missing`,
            });
          }
          return v;
        };
      }
      case 'ParenthesisNode':
        return build(node.content as MathNode);
      case 'ConditionalNode': {
        const c = build(node.condition as MathNode);
        const a = build(node.trueExpr as MathNode);
        const b = build(node.falseExpr as MathNode);
        return (vars) => (c(vars) !== 0 ? a(vars) : b(vars));
      }
      case 'OperatorNode': {
        const fn = node.fn as string;
        const args = (node.args as MathNode[]).map(build);
        if (args.length === 1) {
          const a = args[0]!;
          if (fn === 'unaryMinus') return (vars) => -a(vars);
          if (fn === 'unaryPlus') return a;
          if (fn === 'not') return (vars) => (a(vars) === 0 ? 1 : 0);
          return refuse(`operator ${String(node.op)}`);
        }
        const op = Object.hasOwn(BINARY, fn) ? BINARY[fn] : undefined;
        if (!op || args.length !== 2) return refuse(`operator ${String(node.op)}`);
        const [a, b] = args as [Fn, Fn];
        return (vars) => op(a(vars), b(vars));
      }
      case 'FunctionNode': {
        const fnNode = node.fn as MathNode;
        if (fnNode.type !== 'SymbolNode') return refuse('a computed function');
        const name = fnNode.name as string;
        const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
        if (!spec) return refuse(`function ${name}()`);
        const args = (node.args as MathNode[]).map(build);
        if (args.length < spec.arity[0] || args.length > spec.arity[1]) {
          throw new FormulaError({
            zh: `函数 ${name}() 的参数个数不对`,
            en: `wrong number of arguments to ${name}()`,
          });
        }
        const f = spec.fn;
        if (args.length === 1) {
          const a = args[0]!;
          return (vars) => f(a(vars));
        }
        if (args.length === 2) {
          const [a, b] = args as [Fn, Fn];
          return (vars) => f(a(vars), b(vars));
        }
        return (vars) => f(...args.map((a) => a(vars)));
      }
      default:
        return refuse(node.type.replace(/Node$/, '').toLowerCase());
    }
  };
  const evaluate = build(root);
  return { source, variables: [...used], evaluate };
}
