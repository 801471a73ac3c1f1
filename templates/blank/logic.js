// Business logic: handlers the app calls at defined moments, on the phone and offline too.
// Export only the handlers you need; the others are simply not called. Every handler gets
// a `ctx` with the user, the page or form, a read-only ctx.query() over the device's data
// and methods that change what the user sees. All of it: docs/business-logic.md.
// Test it with `mwkit test` (cases in logic.test.yaml beside this file).

/** @typedef {import('mwkit/types/logic').ActionContext} ActionContext */
/** @typedef {import('mwkit/types/logic').FieldChangedContext} FieldChangedContext */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()/-]{6,}$/;

/**
 * The user changed a field of a form: give feedback at once.
 * @param {FieldChangedContext} ctx
 */
export function onFieldChanged(ctx) {
  if (ctx.field === 'email') {
    ctx.setFieldError('email', ctx.value && !EMAIL.test(String(ctx.value)) ? 'Enter an email address such as name@example.com.' : null);
  }
}

/**
 * The user submits a form: return messages to keep it from being queued.
 * @param {ActionContext} ctx
 */
export function onActionValidating(ctx) {
  const { email, phone } = ctx.values;
  const errors = {};
  if (email && !EMAIL.test(email)) errors.email = 'Enter an email address such as name@example.com.';
  if (phone && !PHONE.test(phone)) errors.phone = 'Enter a phone number: digits, spaces and + ( ) / - only.';
  return errors;
}
