/**
 * The themes module: the rules engine (assign), the "why" of each assignment
 * (why), and content similarity between papers lives in ../related.ts.
 */
export { assignThemes, scoreThemes, normalizeText, termPattern, type Assignment, type ThemeMatch } from './assign.ts';
export {
  explainThemes,
  matchScore,
  matchScores,
  type ThemeExplanation,
  type ReasonKind,
  type ExplainInput,
} from './why.ts';
