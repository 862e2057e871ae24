// ProveSource partner source (reference/provesource-source.md): four track events. Its one table
// lists "the properties included in the events listed above" without a required/optional column,
// so every documented property has the same requirement here ('recommended': a warning when
// missing); which event each belongs to follows from its description ("ID of goal completed").
import type { EventSpec, FieldSpec, ProfileSpec } from './types';

const notificationFields: FieldSpec[] = [
  {
    path: 'properties.notificationId',
    label: 'Notification ID',
    type: 'string',
    requirement: 'recommended',
    description: 'ID of the notification viewed/hovered/clicked.',
    example: '5f3a9c2e8b1d4a0012c7e451',
    origin: 'ProveSource docs',
  },
  {
    path: 'properties.notificationName',
    label: 'Notification name',
    type: 'string',
    requirement: 'recommended',
    description: 'Name of the notification viewed/hovered/clicked.',
    example: 'Recent signups (last 24h)',
    origin: 'ProveSource docs',
  },
];

const goalFields: FieldSpec[] = [
  {
    path: 'properties.goalId',
    label: 'Goal ID',
    type: 'string',
    requirement: 'recommended',
    description: 'ID of the goal completed.',
    example: '5f3aa01b8b1d4a0012c7e502',
    origin: 'ProveSource docs',
  },
  {
    path: 'properties.goalName',
    label: 'Goal name',
    type: 'string',
    requirement: 'recommended',
    description: 'Name of the goal completed.',
    example: 'Signed up for trial',
    origin: 'ProveSource docs',
  },
  {
    path: 'properties.events',
    label: 'Notification events',
    type: 'array',
    requirement: 'recommended',
    description: 'Notification events that happened before the goal was completed.',
    example: [
      { notificationId: '5f3a9c2e8b1d4a0012c7e451', view: true, hover: true, click: false },
      { notificationId: '5f3a9d7f8b1d4a0012c7e47a', view: true, hover: false, click: true },
    ],
    origin: 'ProveSource docs',
    items: [
      {
        path: 'notificationId',
        label: 'Notification ID',
        type: 'string',
        requirement: 'recommended',
        description: 'ID of the notification for which the event occurred before the goal was completed.',
        example: '5f3a9c2e8b1d4a0012c7e451',
        origin: 'ProveSource docs',
      },
      { path: 'view', label: 'Viewed', type: 'boolean', requirement: 'recommended', description: 'true if the notification was viewed.', example: true, origin: 'ProveSource docs' },
      { path: 'hover', label: 'Hovered', type: 'boolean', requirement: 'recommended', description: 'true if the notification was hovered.', example: false, origin: 'ProveSource docs' },
      { path: 'click', label: 'Clicked', type: 'boolean', requirement: 'recommended', description: 'true if the notification was clicked.', example: true, origin: 'ProveSource docs' },
    ],
  },
];

const events: EventSpec[] = [
  { name: 'Notification Viewed', description: 'A notification has been viewed.', call: 'track', fields: notificationFields, origin: 'ProveSource docs' },
  { name: 'Notification Hovered', description: 'The user hovered the mouse over the notification.', call: 'track', fields: notificationFields, origin: 'ProveSource docs' },
  { name: 'Notification Clicked', description: 'The user clicked the notification.', call: 'track', fields: notificationFields, origin: 'ProveSource docs' },
  { name: 'Goal Completed', description: 'The user has completed a goal (e.g. signed up).', call: 'track', fields: goalFields, origin: 'ProveSource docs' },
];

export const PROVESOURCE: ProfileSpec = {
  id: 'provesource',
  name: 'ProveSource',
  kind: 'source',
  calls: ['track'],
  baseFields: [
    {
      path: 'userId',
      label: 'User ID',
      type: 'string',
      requirement: 'optional',
      description: 'ProveSource sends the userId when it knows it.',
      example: 'user_48213',
      origin: 'ProveSource docs',
    },
  ],
  events,
  notes: [
    'ProveSource sends track calls only, with the userId when it is known.',
    'Goal Completed carries events[], one row per notification the visitor saw before the goal.',
    "ProveSource's document lists the properties its events include without saying which are required: Eventbench's choice is a warning (never an error) when one is missing, saying the document lists it for the event.",
  ],
  origin: 'ProveSource docs',
};
