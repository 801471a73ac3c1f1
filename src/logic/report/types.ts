// The contract between `mwkit test` and its output formats: each turns the same report into
// a string; only the command prints it.
import type { TestReport } from '../testing/project.js';

export interface TestReportOptions {
  isColor: boolean;
  toolVersion: string;
}

export type TestReporter = (report: TestReport, options: TestReportOptions) => string;

export const testReporterNames = ['text', 'json', 'junit'] as const;
export type TestReporterName = (typeof testReporterNames)[number];
