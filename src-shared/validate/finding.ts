// The validator's output format, shared by the receiver, the composer and the scenario runner.

export type Severity = 'error' | 'warning' | 'info';

/** Profiles a message can be checked against. 'segment' is Segment's own spec. */
export type ProfileId = 'segment' | 'provesource' | 'produktly' | 'freshsuccess';

export interface Finding {
  severity: Severity;
  /** JSON path inside the message, e.g. "properties.events[1].click" ('' for the whole message). */
  path: string;
  /** Stable rule id, e.g. "freshsuccess.group.traits.createdAt.required". */
  rule: string;
  /** A sentence for a person: what is wrong and what to do. */
  message: string;
  profile: ProfileId;
}
