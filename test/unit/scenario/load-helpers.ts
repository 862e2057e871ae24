// Loading a scenario text in tests: the scenario, or its errors (each fails loudly otherwise).
import { loadScenario } from '../../../src-main/replay/load';
import { formatScenarioError } from '../../../src-shared/scenario/parse';
import type { ScenarioError } from '../../../src-shared/scenario/types';

export const ok = (text: string) => {
  const r = loadScenario(text, 'x.scenario.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.scenario;
};

export const errorsOf = (text: string): ScenarioError[] => {
  const r = loadScenario(text, 'x.scenario.yaml');
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};
