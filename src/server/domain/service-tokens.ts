// Service tokens: named, long-lived admin tokens for automation (CI), made by an admin and shown
// once. Only their hash is kept; they survive restarts, and every change made with one is
// recorded under its name ("token:ci"), so history tells a pipeline from a person. Pure rules.

/** The roles a service token can have: for now the admin role, what apply and publish need. */
export const serviceTokenRoles = ['admin'] as const;
export type ServiceTokenRole = (typeof serviceTokenRoles)[number];

export const defaultServiceTokenDays = 90;
export const maxServiceTokenDays = 730;
const namePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** The actor history records for a change made with the service token `name`. */
export function serviceTokenActor(name: string): string {
  return `token:${name}`;
}

/** Why `name` cannot name a service token, or undefined. */
export function serviceTokenNameProblem(name: string): string | undefined {
  return namePattern.test(name)
    ? undefined
    : `"${name}" cannot name a token: use 1 to 63 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit (e.g. ci, github-actions).`;
}

/** "90d", "12w", "48h" → milliseconds; undefined when it is not such a duration or over the maximum. */
export function parseLifetime(text: string): number | undefined {
  const match = /^(\d{1,5})([hdw])$/.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]) * { h: 1, d: 24, w: 24 * 7 }[match[2] as 'h' | 'd' | 'w'];
  if (hours < 1 || hours > maxServiceTokenDays * 24) return undefined;
  return hours * 60 * 60 * 1000;
}
