// What a check of a scenario file answers (the Scenarios tab, scenarios.check), from its parse:
// each step's line and label, what the run changes, or the file's errors. Computed where the file
// is parsed (the ingest worker), so only this crosses to the engine's thread, not every step's message.
import { formatScenarioError, type ParseResult } from './parse';
import type { ScenarioCheck } from './report';
import { scenarioChanges } from './changes';

/** What a check of a scenario file answers, from its parse (loadScenario). */
export function checkScenario(loaded: ParseResult): ScenarioCheck {
  if (!loaded.ok) return { ok: false, errors: loaded.errors.map((e) => ({ line: e.line, column: e.column, message: e.message, text: formatScenarioError(e) })), ...(loaded.errorsLeftOut ? { errorsLeftOut: loaded.errorsLeftOut } : {}), ...(loaded.errorsLeftOutAtLeast ? { errorsLeftOutAtLeast: true } : {}) };
  const s = loaded.scenario;
  const warnings = loaded.warnings?.map((e) => ({ line: e.line, column: e.column, message: e.message, hint: e.hint, stepIndexes: e.stepIndexes, text: formatScenarioError(e) }));
  return { ok: true, name: s.name, ...(s.description ? { description: s.description } : {}), steps: s.steps.map(({ index, line, label, id }) => ({ index, line, label, ...(id !== undefined ? { id } : {}) })), changes: scenarioChanges(s), ...(warnings ? { warnings } : {}), ...(loaded.warningsLeftOut ? { warningsLeftOut: loaded.warningsLeftOut } : {}) };
}
