/**
 * Which way a metric is good, guessed from its code, for the linter's "this rule rewards the wrong thing"
 * check (more ad spend must not score more). The metric dictionary declares directions for its own codes;
 * this is the fallback for names a template invents.
 */
const LOWER_IS_BETTER =
  /(cost|spend|complaint|refund|dispute|response|bounce|acos|tacos|defect|error|late|return|churn|penalty|days_to)/i;

export function metricDirection(code: string): 'higher' | 'lower' | 'unknown' {
  if (LOWER_IS_BETTER.test(code)) return 'lower';
  if (
    /(amount|sales|gmv|profit|uv|visitors|conversion|aov|roi|completion|orders|buyers|posts|followers|rate_up|satisfaction|dsr|retention|ctr)/i.test(
      code,
    )
  ) {
    return 'higher';
  }
  return 'unknown';
}
