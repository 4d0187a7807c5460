import type { ParityRule } from './ParityRule';
import { plainField, type KindFix } from '../repair';
import { fixParityFinding } from '../fixParityFinding';
import { MESSAGES } from './messages';

/** The target side of a mismatched pair takes the source's value (never a value a gate forbids). */
export const fixParity: KindFix<ParityRule> = {
  explain: (rule) =>
    MESSAGES.repairs(
      rule.target,
      rule.fields.map((f) => plainField(f.target)).filter((f) => f !== undefined),
    ),
  repair: (_rule, finding, ctx) => fixParityFinding(finding, ctx),
};
