// Webhook name rule, checked in the form before the engine sees it.
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Returns the problem with a webhook name, or null. */
export function webhookNameProblem(name: string, taken: readonly string[], editing: boolean): string | null {
  if (!name) return 'Name is required.';
  if (name.length > 64) return `At most 64 characters (this one has ${name.length}).`;
  if (!NAME_PATTERN.test(name)) return 'Use only letters, digits, "-" and "_" (the name is part of the URL).';
  if (!editing && taken.includes(name)) return `A webhook named "${name}" already exists.`;
  return null;
}
