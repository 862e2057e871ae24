// Segment's own spec (domain.md, "Segment messages"): what every message needs to be usable.
// Identity (userId or anonymousId), the call type and the container types are checked in
// validate/segment-rules.ts; the fields below drive forms, examples and the generic checks.
import type { FieldSpec, ProfileSpec } from './types';
import { MAX_MESSAGE_ID_LENGTH } from '../tracking-api/limits';

const SP = 'Segment spec' as const;

function time(path: string, label: string, description: string): FieldSpec {
  return { path, label, type: 'iso8601', requirement: 'optional', description, example: '2025-03-14T09:26:53.000Z', origin: SP };
}

export const SEGMENT_BASE_FIELDS: FieldSpec[] = [
  { path: 'type', label: 'Call type', type: 'string', requirement: 'required', enum: ['track', 'identify', 'group', 'page', 'screen', 'alias'], description: 'One of track, identify, group, page, screen, alias.', example: 'track', origin: SP },
  { path: 'userId', label: 'User ID', type: 'string', requirement: 'optional', description: 'Your id for the user. A message needs userId or anonymousId.', example: 'user_48213', origin: SP },
  { path: 'anonymousId', label: 'Anonymous ID', type: 'string', requirement: 'optional', description: 'Id for a visitor not yet known. A message needs userId or anonymousId.', example: 'b7e2c1a4-3f5d-4e8a-9c61-2d0f7a8e5b93', origin: SP },
  { path: 'messageId', label: 'Message ID', type: 'string', requirement: 'optional', maxLength: MAX_MESSAGE_ID_LENGTH, invalidSeverity: 'error', description: `Unique id of the message (at most ${MAX_MESSAGE_ID_LENGTH} characters); Segment drops a repeat seen within about 24 hours.`, example: 'msg-6f1d2c3b-8a9e-4f70-b1c2-d3e4f5a6b7c8', origin: SP },
  time('timestamp', 'Timestamp', 'When the event happened, ISO-8601 (Segment corrects it for clock skew).'),
  time('originalTimestamp', 'Original timestamp', 'Client time of the event, ISO-8601.'),
  time('sentAt', 'Sent at', 'Client time the batch was sent, ISO-8601.'),
  time('receivedAt', 'Received at', 'Set by Segment on receipt, ISO-8601.'),
  { path: 'context', label: 'Context', type: 'object', requirement: 'optional', invalidSeverity: 'error', description: 'Extra information about the message (library, ip, page, traits...).', example: { library: { name: 'eventbench', version: '0.1.0' } }, origin: SP },
  { path: 'integrations', label: 'Integrations', type: 'object', requirement: 'optional', invalidSeverity: 'error', description: 'Destinations to enable or disable for this message.', example: { All: true }, origin: SP },
];

const properties: FieldSpec = { path: 'properties', label: 'Properties', type: 'object', requirement: 'optional', invalidSeverity: 'error', description: 'Free-form properties of the event.', example: {}, origin: SP };
const traits: FieldSpec = { path: 'traits', label: 'Traits', type: 'object', requirement: 'optional', invalidSeverity: 'error', description: 'Free-form traits of the user or account.', example: {}, origin: SP };
const name: FieldSpec = { path: 'name', label: 'Name', type: 'string', requirement: 'optional', description: 'Name of the page or screen.', example: 'Pricing', origin: SP };

export const SEGMENT: ProfileSpec = {
  id: 'segment',
  name: 'Segment spec',
  kind: 'spec',
  calls: ['track', 'identify', 'group', 'page', 'screen', 'alias'],
  baseFields: SEGMENT_BASE_FIELDS,
  callFields: {
    track: [{ path: 'event', label: 'Event name', type: 'string', requirement: 'required', description: 'Name of the action the user performed.', example: 'Signed Up', origin: SP }, properties],
    identify: [traits],
    group: [{ path: 'groupId', label: 'Group ID', type: 'string', requirement: 'required', description: 'Id of the group (account) the user belongs to.', example: 'acct_acme_corp', origin: SP }, traits],
    page: [name, properties],
    screen: [name, properties],
    alias: [{ path: 'previousId', label: 'Previous ID', type: 'string', requirement: 'required', description: 'The id the user was known by before (usually the anonymousId).', example: 'b7e2c1a4-3f5d-4e8a-9c61-2d0f7a8e5b93', origin: SP }],
  },
  notes: [
    'Every message needs userId or anonymousId; track needs event; group needs groupId; alias needs previousId.',
    'Segment answers 200 to unusable messages and drops them later; the validator says why before you send.',
  ],
  origin: SP,
};
