// The composer's editing state: one message, edited from the form or from the raw JSON, kept in
// sync both ways. Invalid JSON keeps its text and error and leaves the last valid message (and
// so the form) alone. The text is what is sent: a number JSON.parse rounds (an id past 2^53)
// keeps the digits typed there through form edits, a new event's skeleton and drafts; the form
// reads the text's digits (formMessage), findings the plain parse (message).
import { useCallback, useMemo, useState } from 'react';
import type { Draft } from '../../../src-shared/api';
import type { JsonObject } from '../../../src-shared/capture';
import { exampleMessage } from '../../../src-shared/catalogs';
import type { ProfileId } from '../../../src-shared/catalogs';
import type { Finding } from '../../../src-shared/validate/finding';
import { EVERY_PARTNER_PLAN, type CheckPlan } from '../../../src-shared/validate/validate';
import { composeFindings } from '../../../src-shared/workspace';
import { editMessage, eventChoices, formatMessageJson, formMessageOf, messageFromForm, parseMessageJson, skeletonMessage, type JsonParseError } from './composer-logic';
import { simNowIso } from '../sessions/sim-clock-store';

export function newMessageId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID) return c.randomUUID();
  return `msg-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** "Now" by the engine's simulation clock: a message composed while it runs ahead is stamped ahead. */
export const nowIso = (): string => simNowIso();

const DEFAULT_PROFILE: ProfileId = 'provesource';
const DEFAULT_EVENT = 'Goal Completed';

export interface ComposerState {
  profile: ProfileId;
  eventOrCall: string;
  message: JsonObject;
  /** The message the form shows and edits: `message` with the text's digits for numbers JSON.parse rounds (formMessageOf). */
  formMessage: JsonObject;
  jsonText: string;
  jsonError: JsonParseError | null;
  findings: Finding[];
  setField(path: string, value: unknown): void;
  setJsonText(text: string): void;
  pickProfile(profile: ProfileId): void;
  pickEvent(eventOrCall: string): void;
  fillExample(): void;
  /** `messageJson`: the message's text with the client's digits (Open in composer; else the draft's own), shown as is. */
  loadDraft(draft: Draft, messageJson?: string): void;
}

interface Core {
  profile: ProfileId;
  eventOrCall: string;
  message: JsonObject;
  formMessage: JsonObject;
  jsonText: string;
  jsonError: JsonParseError | null;
  /** The last text that parsed (`message` is its parse): what the duplicate-key check reads while the editor's text does not parse. */
  validText: string;
}

function fromMessage(profile: ProfileId, eventOrCall: string, message: JsonObject, jsonText = formatMessageJson(message)): Core {
  return { profile, eventOrCall, message, formMessage: formMessageOf(jsonText, message), jsonText, jsonError: null, validText: jsonText };
}

/** A new event's skeleton, its identity carried over with the digits the text had. */
function skeletonCore(c: Core, profile: ProfileId, eventOrCall: string): Core {
  const { message, jsonText } = messageFromForm(skeletonMessage(profile, eventOrCall, c.formMessage, nowIso(), newMessageId()));
  return fromMessage(profile, eventOrCall, message, jsonText);
}

export function useComposer(plan: CheckPlan = EVERY_PARTNER_PLAN): ComposerState {
  const [core, setCore] = useState<Core>(() =>
    fromMessage(DEFAULT_PROFILE, DEFAULT_EVENT, skeletonMessage(DEFAULT_PROFILE, DEFAULT_EVENT, {}, nowIso(), newMessageId())),
  );

  const setField = useCallback((path: string, value: unknown) => {
    setCore((c) => {
      // A number the text holds that JSON.parse rounds keeps its digits through a form edit, and so does one typed in the form.
      const { message, jsonText } = editMessage(c.jsonText, c.message, path, value);
      return { ...c, message, formMessage: formMessageOf(jsonText, message), jsonText, jsonError: null, validText: jsonText };
    });
  }, []);

  const setJsonText = useCallback((text: string) => {
    setCore((c) => {
      const parsed = parseMessageJson(text);
      return parsed.ok ? { ...c, message: parsed.value, formMessage: formMessageOf(text, parsed.value), jsonText: text, jsonError: null, validText: text } : { ...c, jsonText: text, jsonError: parsed.error };
    });
  }, []);

  const pickEvent = useCallback((eventOrCall: string) => {
    setCore((c) => skeletonCore(c, c.profile, eventOrCall));
  }, []);

  const pickProfile = useCallback((profile: ProfileId) => {
    setCore((c) => {
      const eventOrCall = eventChoices(profile)[0]?.value ?? 'track';
      return skeletonCore(c, profile, eventOrCall);
    });
  }, []);

  const fillExample = useCallback(() => {
    setCore((c) => {
      const userId = typeof c.message.userId === 'string' && c.message.userId ? c.message.userId : undefined;
      const anonymousId = typeof c.message.anonymousId === 'string' && c.message.anonymousId ? c.message.anonymousId : undefined;
      const message = exampleMessage(c.profile, c.eventOrCall, { now: nowIso(), messageId: newMessageId(), userId, anonymousId });
      return fromMessage(c.profile, c.eventOrCall, message);
    });
  }, []);

  const loadDraft = useCallback((draft: Draft, messageJson?: string) => {
    const choices = eventChoices(draft.profile).map((e) => e.value);
    const eventOrCall = draft.event && choices.includes(draft.event) ? draft.event : choices[0];
    setCore(fromMessage(draft.profile, eventOrCall, structuredClone(draft.message), messageJson ?? draft.messageJson));
  }, []);

  // Findings follow every valid edit: what the inspector will check once it is captured (the plan
  // of the source it is sent as) plus every rule of the chosen catalog; a key typed twice in the
  // raw JSON is warned of too (what is sent is the parse: the last one).
  const findings = useMemo(() => composeFindings(core.message, core.profile, plan, nowIso(), core.validText), [core.message, core.profile, plan, core.validText]);

  return { ...core, findings, setField, setJsonText, pickProfile, pickEvent, fillExample, loadDraft };
}
