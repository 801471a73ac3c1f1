// The one timestamp of a package: every zip entry's date and the manifest's createdAt.
// Reproducible builds take it from SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/);
// without it a constant keeps two packs of the same sources byte-identical.
import { UsageError } from '../errors.js';

/** 1980-01-01T00:00:00Z: the earliest date a zip entry can hold, so nothing is clamped. */
export const defaultPackageEpochSeconds = 315_532_800;

export function packageTimestamp(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return new Date(defaultPackageEpochSeconds * 1000);
  if (!/^\d{1,12}$/.test(raw.trim())) {
    throw new UsageError(
      `SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, not "${raw}".`,
      'Set it to e.g. $(git log -1 --format=%ct), or unset it to use the fixed default date.',
    );
  }
  return new Date(Number(raw.trim()) * 1000);
}
