// The catalog data model: what each partner source sends, what each destination requires, and
// Segment's own spec. Catalogs are data; the validator and the composer's forms are driven by it.
import type { CallType } from '../capture';
import type { ProfileId } from '../validate/finding';

export type { ProfileId } from '../validate/finding';

export type FieldType = 'string' | 'number' | 'boolean' | 'iso8601' | 'email' | 'array' | 'object';

/** required -> error when missing, recommended -> warning, optional -> no finding when missing. */
export type Requirement = 'required' | 'recommended' | 'optional';

/** Where a field or event is documented, shown next to it in the composer. */
export type Origin =
  | 'ProveSource docs'
  | 'partner template'
  | 'Segment catalog page'
  | 'Freshsuccess docs'
  | 'Segment spec';

export interface FieldSpec {
  /**
   * Dot path from the message root, e.g. "properties.notificationId", "traits.createdAt".
   * An array is "properties.events" with type 'array' and `items` giving the item's fields,
   * whose paths are relative to the item (e.g. "notificationId").
   */
  path: string;
  /** Short human label for forms, e.g. "Notification ID". */
  label: string;
  type: FieldType;
  requirement: Requirement;
  description: string;
  /** Maximum string length (Freshsuccess description: 512). */
  maxLength?: number;
  /** Allowed values for a string field, e.g. metadata.type next|previous. */
  enum?: readonly string[];
  /** A realistic value used by "Fill with example" and exampleMessage(). */
  example: unknown;
  /** Where the field is documented. */
  origin?: Origin;
  /** For arrays: fields of each item, paths relative to the item. */
  items?: FieldSpec[];
  /** Set when the documentation of this field is known to be wrong: says why, for the UI. */
  defect?: string;
  /** Severity when present but invalid (wrong type, too long); default error if required, else warning. */
  invalidSeverity?: 'error' | 'warning';
  /** Leave out of exampleMessage() (e.g. fields from a defective table). */
  omitFromExample?: boolean;
}

/** One way an event name is written, and who writes it that way. */
export interface EventSpelling {
  name: string;
  /** e.g. 'Title Case' or 'snake_case'. */
  style: 'Title Case' | 'snake_case';
  origin: Origin;
}

export interface EventSpec {
  /** Default spelling (the one the composer sends). */
  name: string;
  /** Every accepted spelling including `name`, first = default. Absent = only `name`. */
  spellings?: EventSpelling[];
  description: string;
  call: CallType;
  /** Event-specific fields (properties.*), besides the profile's base fields. */
  fields: FieldSpec[];
  origin: Origin;
}

export interface ProfileSpec {
  id: ProfileId;
  /** Display name, e.g. "Freshsuccess". */
  name: string;
  /** Other names for the same product, e.g. Segment lists Freshsuccess as "Natero". */
  aka?: string[];
  kind: 'source' | 'destination' | 'spec';
  /** Call types this profile sends (source) or accepts (destination). */
  calls: readonly CallType[];
  /** Fields every message of this profile has, e.g. userId, anonymousId. */
  baseFields: FieldSpec[];
  /** Source catalogs: the events the source sends. */
  events?: EventSpec[];
  /** Per call type fields (Freshsuccess identify/group/track; Segment spec). */
  callFields?: Partial<Record<CallType, FieldSpec[]>>;
  /** Free-text notes shown in the UI (documentation choices, defects, identity behaviour). */
  notes: string[];
  /** Where the catalog data comes from. */
  origin: Origin;
}

export interface ExampleOptions {
  /** ISO-8601 time used for timestamp/originalTimestamp (pure: never Date.now()). */
  now: string;
  messageId: string;
  userId?: string;
  anonymousId?: string;
  /** Freshsuccess account id (groupId); defaults to a realistic one. */
  groupId?: string;
}
