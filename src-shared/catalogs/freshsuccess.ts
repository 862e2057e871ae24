// Freshsuccess destination (Segment lists it as Natero): what it requires of every message
// (reference/freshsuccess-segment.txt). Rules the table cannot express (billing_city, custom
// dimensions, account mapping) live in validate/freshsuccess-rules.ts.
import type { FieldSpec, ProfileSpec } from './types';

const FS = 'Freshsuccess docs' as const;

function opt(path: string, label: string, example: unknown, description: string, type: FieldSpec['type'] = 'string'): FieldSpec {
  return { path, label, type, requirement: 'optional', description, example, origin: FS };
}

export const FRESHSUCCESS_BASE_FIELDS: FieldSpec[] = [
  { path: 'type', label: 'Call type', type: 'string', requirement: 'required', enum: ['track', 'identify', 'group'], description: "Segment call type, one of 'track', 'identify', 'group'.", example: 'track', origin: FS },
  { path: 'anonymousId', label: 'Session ID (anonymousId)', type: 'string', requirement: 'required', description: 'Unique session id: Freshsuccess keys sessions by it and times them out after 30 minutes without a message.', example: 'sess_9f2c4e71-0b6a-4d1e-8c3a-5e7d2b1f6a90', origin: FS },
  { path: 'originalTimestamp', label: 'Original timestamp', type: 'iso8601', requirement: 'required', description: 'Time at which the event occurred, ISO-8601.', example: '2025-03-14T09:26:53.000Z', origin: FS },
  { path: 'userId', label: 'User ID', type: 'string', requirement: 'required', description: 'Unique id of the user using your product.', example: 'user_48213', origin: FS },
  { path: 'groupId', label: 'Account ID (groupId)', type: 'string', requirement: 'recommended', description: 'Id of the account the user belongs to. Without it, the userId must be unique across all accounts, as it is used to find the account.', example: 'acct_acme_corp', origin: FS },
];

const trackFields: FieldSpec[] = [
  { path: 'event', label: 'Feature name (event)', type: 'string', requirement: 'required', description: 'Name of the feature within Freshsuccess.', example: 'Export Report', origin: FS },
  { path: 'properties.module', label: 'Module', type: 'string', requirement: 'recommended', description: 'Name of the module within Freshsuccess; time between messages counts toward it.', example: 'Reporting', origin: FS },
];

const identifyFields: FieldSpec[] = [
  { path: 'traits.first_name', label: 'First name', type: 'string', requirement: 'recommended', description: 'First name of the user.', example: 'Dana', origin: FS },
  { path: 'traits.last_name', label: 'Last name', type: 'string', requirement: 'recommended', description: 'Last name of the user.', example: 'Whitfield', origin: FS },
  { path: 'traits.email', label: 'Email', type: 'email', requirement: 'recommended', description: 'Email address of the user.', example: 'dana.whitfield@acme.example', origin: FS },
  opt('traits.phone', 'Phone', '+1 415 555 0134', 'Primary phone number.'),
  opt('traits.mobile_phone', 'Mobile phone', '+1 415 555 0178', 'Mobile phone number.'),
  opt('traits.salutation', 'Salutation', 'Ms', 'Mr/Mrs/Miss, etc.'),
  opt('traits.title', 'Title', 'Head of Operations', 'Company title.'),
  opt('traits.role', 'Role', 'Admin', 'Company role.'),
  opt('traits.department', 'Department', 'Operations', 'Company department.'),
  opt('traits.mailing_street', 'Mailing street', '500 Howard St', 'Business street address.'),
  opt('traits.mailing_city', 'Mailing city', 'San Francisco', 'Business city address.'),
  opt('traits.mailing_state', 'Mailing state', 'CA', 'Business state address.'),
  opt('traits.mailing_postal', 'Mailing postal code', '94105', 'Business postal/zip code.'),
  opt('traits.mailing_country', 'Mailing country', 'US', 'Business country.'),
];

const groupFields: FieldSpec[] = [
  { path: 'groupId', label: 'Account ID (groupId)', type: 'string', requirement: 'required', description: 'Unique id of the account.', example: 'acct_acme_corp', origin: FS },
  { path: 'traits.name', label: 'Company name', type: 'string', requirement: 'required', description: 'Name of the company; required to insert a new account.', example: 'Acme Corp', origin: FS },
  { path: 'traits.createdAt', label: 'Join date', type: 'iso8601', requirement: 'required', description: 'Date the company signed up for your product, ISO-8601; required to insert a new account.', example: '2023-06-01T00:00:00.000Z', origin: FS },
  { path: 'traits.email', label: 'Primary contact email', type: 'email', requirement: 'recommended', description: 'Primary contact email.', example: 'billing@acme.example', origin: FS },
  { ...opt('traits.description', 'Description', 'Industrial supplies for cartoon coyotes.', 'Short company description (at most 512 characters).'), maxLength: 512 },
  opt('traits.phone', 'Phone', '+1 415 555 0100', 'Primary phone number.'),
  opt('traits.website', 'Website', 'https://acme.example', 'Website of the company.'),
  opt('traits.industry', 'Industry', 'Manufacturing', 'Type of business/industry.'),
  opt('traits.employees', 'Employees', 250, 'Number of employees.', 'number'),
  opt('traits.tier', 'Tier', 'Enterprise', 'Tier of the company (the tier name must be set in Freshsuccess account settings).'),
  opt('traits.lifecycle_stage', 'Lifecycle stage', 'Onboarding', 'Current lifecycle stage (the stage name must be set in Freshsuccess account settings).'),
  opt('traits.billing_street', 'Billing street', '500 Howard St', 'Business street address.'),
  opt('traits.biling_city', 'Billing city (biling_city, sic)', 'San Francisco', 'Business city address. Freshsuccess publishes this field as biling_city (one l).'),
  opt('traits.billing_state', 'Billing state', 'CA', 'Business state address.'),
  opt('traits.billing_postal', 'Billing postal code', '94105', 'Business postal/zip code.'),
  opt('traits.billing_country', 'Billing country', 'US', 'Business country.'),
  opt('traits.is_churned', 'Churned', false, 'true when the account has churned.', 'boolean'),
];

export const FRESHSUCCESS: ProfileSpec = {
  id: 'freshsuccess',
  name: 'Freshsuccess',
  aka: ['Natero'],
  kind: 'destination',
  calls: ['track', 'identify', 'group'],
  baseFields: FRESHSUCCESS_BASE_FIELDS,
  callFields: { track: trackFields, identify: identifyFields, group: groupFields },
  notes: [
    "Segment's catalog lists Freshsuccess under its former name, Natero.",
    "Every message needs type, anonymousId (the session id), originalTimestamp (ISO-8601) and userId; groupId is strongly recommended. Freshsuccess is judged on the message as Segment delivers it, which always has an originalTimestamp (the client's timestamp, else the receipt time): only one sent blank or not ISO-8601 is a finding.",
    'group: traits.name and traits.createdAt are required to insert an account (the document: "yes for insert"); the form marks them required, as a group call cannot tell whether the account exists yet.',
    "Freshsuccess's document covers only track, identify and group calls: a page, screen or alias call gets a note (info) that none of its rules apply, not an error (Eventbench's choice: the document says nothing of them).",
    'Without groupId the account comes from the userId, which must then be unique across accounts: a userId seen under two groupIds is reported as a mapping conflict.',
    'The billing city trait is published as biling_city (sic); a message with billing_city gets an info finding.',
    'Any other string, number or date trait of identify/group maps to a custom account dimension; objects, arrays and booleans do not.',
    "The Freshsuccess document names only groupId; Eventbench also reads context.groupId when the message has no groupId (Segment's spec puts the account there on calls other than group): Eventbench's choice, as the document is silent.",
  ],
  origin: FS,
};
