// Produktly partner source: 14 track events, documented twice. The partner template
// (reference/produktly-source.md) spells them snake_case and lists email properties (a copy-paste
// defect); Segment's current catalog page spells them Title Case with tour/checklist/... ids.
// Both are kept, each field marked with where it comes from.
import type { EventSpec, FieldSpec, ProfileSpec } from './types';

const TEMPLATE_DEFECT =
  "The partner template's property table describes emails (copied from an email tool's template), not Produktly's tours; Produktly does not send it.";

/** The template's property table, listed for every event, flagged as a documentation defect. */
const templateFields: FieldSpec[] = [
  { path: 'properties.email_id', label: 'Email ID', type: 'string', requirement: 'optional', description: 'ID of the email (partner template).', example: 'em_5521', origin: 'partner template', defect: TEMPLATE_DEFECT, omitFromExample: true },
  { path: 'properties.from_id', label: 'Sender email ID', type: 'string', requirement: 'optional', description: 'Sender email ID (partner template).', example: 'sender_12', origin: 'partner template', defect: TEMPLATE_DEFECT, omitFromExample: true },
  { path: 'properties.email_subject', label: 'Email subject', type: 'string', requirement: 'optional', description: 'Subject line of the email (partner template).', example: 'Welcome aboard', origin: 'partner template', defect: TEMPLATE_DEFECT, omitFromExample: true },
  { path: 'properties.link', label: 'Link', type: 'string', requirement: 'optional', description: 'URL of the link clicked (partner template).', example: 'https://example.com/pricing', origin: 'partner template', defect: TEMPLATE_DEFECT, omitFromExample: true },
];

function idField(path: string, label: string, example: string): FieldSpec {
  return { path, label, type: 'string', requirement: 'recommended', description: `${label} (Segment catalog page).`, example, origin: 'Segment catalog page' };
}

const tourId = idField('properties.tour_id', 'Tour ID', 'tour_onboarding_v3');
const checklistId = idField('properties.checklist_id', 'Checklist ID', 'checklist_getting_started');
const smartTipId = idField('properties.smart_tip_id', 'Smart tip ID', 'tip_export_button');
const announcementId = idField('properties.announcement_id', 'Announcement ID', 'ann_2024_pricing_update');
const npsWidgetId = idField('properties.nps_widget_id', 'NPS widget ID', 'nps_quarterly');

const tourStepFields: FieldSpec[] = [
  { path: 'properties.metadata.stepIndex', label: 'Step index', type: 'number', requirement: 'recommended', description: 'Index of the tour step shown (Segment catalog page).', example: 2, origin: 'Segment catalog page' },
  { path: 'properties.metadata.type', label: 'Step direction', type: 'string', requirement: 'recommended', enum: ['next', 'previous'], description: 'Whether the user moved to the next or the previous step (Segment catalog page).', example: 'next', origin: 'Segment catalog page' },
];

const checklistStepFields: FieldSpec[] = [
  { path: 'properties.metadata.stepId', label: 'Step ID', type: 'string', requirement: 'recommended', description: 'ID of the checklist step completed (Segment catalog page).', example: 'step_invite_team', origin: 'Segment catalog page' },
];

/** [snake_case (template), Title Case (catalog page), description, catalog-page fields] */
const EVENT_TABLE: [string, string, string, FieldSpec[]][] = [
  ['tour_available', 'Tour Available', 'Tour was available for user.', [tourId]],
  ['tour_start', 'Tour Start', 'Tour was started by user.', [tourId]],
  ['tour_auto_start', 'Tour Auto Start', 'Tour was automatically started.', [tourId]],
  ['tour_continue', 'Tour Continue', 'Tour was continued by user.', [tourId]],
  ['tour_finish', 'Tour Finish', 'Tour was finished by user.', [tourId]],
  ['tour_step', 'Tour Step', 'User saw a specific step of a tour.', [tourId, ...tourStepFields]],
  ['checklist_step_completed', 'Checklist Step Completed', 'User completed a step of a checklist.', [checklistId, ...checklistStepFields]],
  ['checklist_finished', 'Checklist Finished', 'User completed all the steps in a checklist.', [checklistId]],
  ['smart_tip_available', 'Smart Tip Available', 'Smart tip was available for user.', [smartTipId]],
  ['smart_tip_open', 'Smart Tip Open', 'Smart tip was opened.', [smartTipId]],
  ['announcement_shown', 'Announcement Shown', 'Announcement was shown to user.', [announcementId]],
  ['announcement_action_clicked', 'Announcement Action Clicked', 'User clicked on announcement action.', [announcementId]],
  ['announcement_closed', 'Announcement Closed', 'Announcement was closed by user.', [announcementId]],
  ['nps_widget_shown', 'Nps Widget Shown', 'NPS widget was shown to user.', [npsWidgetId]],
];

const events: EventSpec[] = EVENT_TABLE.map(([snake, title, description, fields]) => ({
  name: title,
  spellings: [
    { name: title, style: 'Title Case', origin: 'Segment catalog page' },
    { name: snake, style: 'snake_case', origin: 'partner template' },
  ],
  description,
  call: 'track',
  fields: [...fields, ...templateFields],
  origin: 'Segment catalog page',
}));

export const PRODUKTLY: ProfileSpec = {
  id: 'produktly',
  name: 'Produktly',
  kind: 'source',
  calls: ['track'],
  baseFields: [
    { path: 'userId', label: 'User ID', type: 'string', requirement: 'optional', description: 'Sent when Produktly knows the user.', example: 'user_48213', origin: 'partner template' },
    { path: 'anonymousId', label: 'Anonymous ID', type: 'string', requirement: 'optional', description: 'A stable per-browser id, used when the userId is unknown.', example: 'b7e2c1a4-3f5d-4e8a-9c61-2d0f7a8e5b93', origin: 'partner template' },
  ],
  events,
  notes: [
    'Produktly sends server-side track calls, with the userId when known, else a stable per-browser id.',
    "Event names: the partner template spells them snake_case (tour_start); Segment's current catalog page spells them Title Case (Tour Start). Both are accepted; the validator says which one it saw.",
    "The partner template's property table (email_id, from_id, email_subject, link) describes emails, not tours: a documentation defect. The catalog page's properties (tour_id, checklist_id, ..., metadata.*) are the ones used in examples.",
    'Users may add their own properties freely; unknown properties are not reported.',
  ],
  origin: 'Segment catalog page',
};
