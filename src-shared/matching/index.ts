export * from './types';
export * from './settings';
export { readField } from './extract';
export { MatchInputs, extractMatchInput } from './match-inputs';
export { Matcher, deriveMatching, emailKey, looseEmailKey, createdUserId, type MatchingResult } from './matcher';
export { explainDecision } from './explain';
export { traceSentences, outcomeText, quote } from './trace-text';
export { compareMatching, type MatchingComparison, type ChangedDecision, type ChangedUser, type DecisionBrief } from './compare';
export { findDuplicates, DUPLICATE_KIND_TEXT, type DuplicateGroup, type DuplicateKind } from './duplicates';
