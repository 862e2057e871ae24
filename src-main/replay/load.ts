// A scenario file's text -> a runnable scenario, checked against the published schema.
import schema from '../../scenarios/scenario.schema.json';
import { parseScenario, type ParseResult } from '../../src-shared/scenario/parse';

export const SCENARIO_SCHEMA: object = schema;

export function loadScenario(text: string, file: string): ParseResult {
  return parseScenario(text, file, SCENARIO_SCHEMA);
}
