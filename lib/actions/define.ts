import 'server-only';

import { unstable_rethrow } from 'next/navigation';

import { getDb, type Db } from '@/db';
import { databaseUnavailableCause } from '@/db/unavailable';

import { getCurrentSession, requireAccess, requireUser, type AccessRule, type CurrentUser } from '../auth/current';
import { getRequestMeta, type RequestMeta } from '../http/request-meta';
import type { Locale } from '../i18n/config';
import { schemaMessage, type MessageKey } from '../i18n/message';
import { getT, messageText, translatorFor, userLocale } from '../i18n/server';
import { log } from '../log';
import { forbiddenCharacterErrors, formDataToObject } from './form-data';
import { failure, type ActionResult, type ActionState } from './result';
import { withoutForbiddenCharacters } from './text-rules';
import type { z } from './zod';

const SECRET_FIELD = /pass|code|pin|token|secret/i;
/** Secrets, and the hidden return path, which safeCallbackPath cleans and nobody sees as a field. */
const UNSCREENED_FIELD = /pass|code|pin|token|secret|^callbackUrl$/i;

/** The submitted strings minus anything secret, to refill a form re-rendered without JS. */
export function echoValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$ACTION') && !SECRET_FIELD.test(key)) values[key] = value;
  }
  return values;
}

export function zodFieldErrors(error: z.core.$ZodError): Record<string, MessageKey[]> {
  const out: Record<string, MessageKey[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_form';
    (out[key] ??= []).push(schemaMessage(issue.message));
  }
  return out;
}

/**
 * The handler's message keys become text in the user's language before the answer leaves the
 * server: the signed-in user's stored one when the action loaded the session (a message of an
 * action that changes the language names the new one itself), else the request's.
 */
async function localize(result: ActionResult, locale: Locale | undefined): Promise<ActionState> {
  const { message, fieldErrors, ...rest } = result;
  if (!message && !fieldErrors) return rest;
  const t = locale ? translatorFor(locale) : await getT();
  return {
    ...rest,
    message: message ? messageText(t, message) : undefined,
    fieldErrors: fieldErrors
      ? Object.fromEntries(
          Object.entries(fieldErrors).map(([k, list]) => [k, [...new Set(list.map((m) => messageText(t, m)))]]),
        )
      : undefined,
  };
}

/** What a handler gets besides its input: the database handle, the request's metadata and the form. */
export type ActionContext = { db: Db; meta: RequestMeta; formData: FormData; values: Record<string, string> };
export type UserActionContext = ActionContext & { current: CurrentUser };

/** Filled once the form has passed its checks: input the schema refuses never waits on the database. */
async function contextFor(formData: FormData, values: Record<string, string>): Promise<ActionContext> {
  return { db: await getDb(), meta: await getRequestMeta(), formData, values };
}

type Handler<S extends z.ZodMiniType, C> = (input: z.output<S>, ctx: C) => Promise<ActionResult>;

/** The submitted strings to refill the form with, before any check: no secrets, no forbidden characters. */
const cleanValues = (formData: FormData) =>
  Object.fromEntries(Object.entries(echoValues(formData)).map(([k, v]) => [k, withoutForbiddenCharacters(v)]));

/** What a form can send: anything else (a script posting JSON to an action id) is refused as such. */
export const isFormData = (value: unknown): value is FormData => value instanceof FormData;

/**
 * The checks in front of every schema: the body must be form data, and no text field may hold a
 * character no field keeps. Either way the answer is the form's own error state, never a throw.
 */
export function screenForm(formData: unknown): { ok: true; formData: FormData } | { ok: false; state: ActionResult } {
  if (!isFormData(formData)) return { ok: false, state: failure('errors.badRequest') };
  const forbidden = forbiddenCharacterErrors(formData, UNSCREENED_FIELD);
  if (forbidden) return { ok: false, state: failure('errors.checkFields', forbidden, cleanValues(formData)) };
  return { ok: true, formData };
}

async function parse<S extends z.ZodMiniType>(schema: S, formData: FormData) {
  const screened = screenForm(formData);
  if (!screened.ok) return screened;
  const values = echoValues(formData);
  // Synchronous, as every schema's checks are: in an asynchronous parse zod mini settles each
  // transform a tick later, which reorders the issues (an async refinement would throw here).
  const parsed = schema.safeParse(formDataToObject(formData));
  if (!parsed.success) {
    return { ok: false as const, state: failure('errors.checkFields', zodFieldErrors(parsed.error), values) };
  }
  return { ok: true as const, data: parsed.data, values };
}

export const TRY_AGAIN: MessageKey = 'errors.tryAgain';

/**
 * Runs an action's checks and handler. With the database out of reach the answer is the form's
 * error state, "try again", instead of a throw that Next turns into a 500 page (a server action
 * cannot set the HTTP status). Every other error still throws, and Next's redirect and 404
 * signals pass through untouched. A handler writes in one transaction, so a connection lost
 * before it committed saved nothing; the text says so.
 */
async function unlessDatabaseDown(
  formData: unknown,
  run: (signedIn: (current: CurrentUser) => CurrentUser) => Promise<ActionResult>,
): Promise<ActionState> {
  let state: ActionResult;
  // The session a user action loaded: its language says the answer, without loading it again.
  let locale: Locale | undefined;
  const signedIn = (current: CurrentUser) => {
    locale = userLocale(current);
    return current;
  };
  try {
    state = await run(signedIn);
  } catch (error) {
    unstable_rethrow(error);
    const cause = databaseUnavailableCause(error);
    if (!cause) throw error;
    // The cause, not Drizzle's wrapper: that one quotes the statement with its parameters.
    const { code } = cause as { code?: unknown };
    log.warn(
      { code, err: cause.message, requestId: (await getRequestMeta()).requestId },
      'database unavailable, action answered "try again"',
    );
    // What was typed stays in the form (re-rendered without JavaScript), ready to send again.
    state = failure(TRY_AGAIN, undefined, isFormData(formData) ? cleanValues(formData) : undefined);
  }
  return localize(state, locale);
}

/** For signed-out pages (setup, sign-in, reset). The previous state posted back is ignored. */
export function publicAction<S extends z.ZodMiniType>(schema: S, handler: Handler<S, ActionContext>) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> =>
    unlessDatabaseDown(formData, async () => {
      const parsed = await parse(schema, formData);
      if (!parsed.ok) return parsed.state;
      return handler(parsed.data, await contextFor(formData, parsed.values));
    });
}

/** A schema, or one made for the signed-in user (the profile reads phone numbers in their region). */
type SchemaFor<S extends z.ZodMiniType> = S | ((current: CurrentUser) => S);
const schemaFor = <S extends z.ZodMiniType>(schema: SchemaFor<S>, current: CurrentUser): S =>
  typeof schema === 'function' ? schema(current) : schema;

/** Signed in (and past two-factor); the user comes from the session, never from the form. */
export function userAction<S extends z.ZodMiniType>(
  schema: SchemaFor<S>,
  handler: Handler<S, UserActionContext>,
  options: { beforeMfaSetup?: boolean } = {},
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> =>
    unlessDatabaseDown(formData, async (signedIn) => {
      const current = signedIn(await requireUser({ action: true, beforeMfaSetup: options.beforeMfaSetup }));
      const parsed = await parse(schemaFor(schema, current), formData);
      if (!parsed.ok) return parsed.state;
      return handler(parsed.data, { ...(await contextFor(formData, parsed.values)), current });
    });
}

/**
 * A plain button form of the signed-in user's own settings with no state of its own ("Sign out"
 * of one session, "Set up two-factor"): the same checks as `userAction`; the handler redirects or
 * says what happened with `setFlash`.
 */
export function userFormAction<S extends z.ZodMiniType>(
  schema: S,
  handler: (input: z.output<S>, ctx: UserActionContext) => Promise<void>,
  options: { beforeMfaSetup?: boolean } = {},
) {
  return async (formData: FormData): Promise<void> => {
    await unlessDatabaseDown(formData, async (signedIn) => {
      const current = signedIn(await requireUser({ action: true, beforeMfaSetup: options.beforeMfaSetup }));
      const parsed = await parse(schema, formData);
      if (parsed.ok) await handler(parsed.data, { ...(await contextFor(formData, parsed.values)), current });
      return { status: 'idle' };
    });
  };
}

/**
 * Org settings: the rule (a permission, or `mayInvite`-like rule over the user and their
 * permissions) is checked on the caller's own organization before anything posted is read;
 * whoever it does not let in gets a 404.
 */
export function orgAction<S extends z.ZodMiniType>(
  rule: AccessRule,
  schema: S,
  handler: Handler<S, UserActionContext>,
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> =>
    unlessDatabaseDown(formData, async (signedIn) => {
      const current = signedIn(await requireAccess(rule, { action: true }));
      const parsed = await parse(schema, formData);
      if (!parsed.ok) return parsed.state;
      return handler(parsed.data, { ...(await contextFor(formData, parsed.values)), current });
    });
}

/**
 * A plain button form with no state of its own (a list row's "Resend", "Revoke"): the same checks
 * as `orgAction`, and the handler says what happened with `setFlash`. Input the schema refuses
 * changes nothing; with the database out of reach the page it returns to says so.
 */
export function orgFormAction<S extends z.ZodMiniType>(
  rule: AccessRule,
  schema: S,
  handler: (input: z.output<S>, ctx: UserActionContext) => Promise<void>,
) {
  return async (formData: FormData): Promise<void> => {
    await unlessDatabaseDown(formData, async (signedIn) => {
      const current = signedIn(await requireAccess(rule, { action: true }));
      const parsed = await parse(schema, formData);
      if (parsed.ok) await handler(parsed.data, { ...(await contextFor(formData, parsed.values)), current });
      return { status: 'idle' };
    });
  };
}

export { getCurrentSession };
