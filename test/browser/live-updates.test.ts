// What an admin ships reaches a phone that has the app open, within seconds and without a
// reload (issue 30, items 1 and 3): a logic change under the same workspace version restarts the
// logic (the app goes by content digests), a rollback brings the old logic back, an unpublish
// takes the workspace away; each says so in a notice, and a form in progress keeps its values.
// Shipped with the built binary, as a CI pipeline does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveProject, liveWorkspace, mwkitAgainst, refusingLogic, type LiveProject } from '../helpers/live-project.js';
import { environmentAndBrowser, hasChromium, newDevice, signIn } from './harness.js';

const started = environmentAndBrowser();
let project: LiveProject;

async function ship(args: string[]): Promise<string> {
  const result = await mwkitAgainst(started.env.server.url, started.env.server.adminToken, args, project.root);
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout + result.stderr;
}

beforeAll(async () => {
  if (!hasChromium) return;
  project = liveProject();
  project.write('1.0.0', refusingLogic('Rule one'));
  await ship(['pack']);
  await ship(['apply', 'dist/live-logic-1.0.0.mwpkg', '--yes']);
  await ship(['publish', liveWorkspace.id, '--roles', 'Employee']);
}, 60_000);
afterAll(() => project?.cleanup());

describe.skipIf(!hasChromium)('an open app', () => {
  it('runs new logic shipped under the same workspace version within 10 s, goes back on a rollback, and loses an unpublished workspace', async () => {
    const context = await newDevice(started.browser);
    const page = await context.newPage();
    await signIn(page, started.env.appUrl, 'emma.fischer');
    await page.getByRole('link', { name: liveWorkspace.title }).click();
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('button', { name: 'New contact' }).click();
    await page.getByLabel('Name').fill('Zed');
    await page.getByRole('button', { name: 'New contact' }).click();
    await page.getByText('Rule one refuses Zed.').waitFor();

    project.write('1.1.0', refusingLogic('Rule two'));
    const packed = await ship(['pack']);
    expect(packed).toContain('warning: workspace live-contacts changed (logic) since dist/live-logic-1.0.0.mwpkg, but its version is still 1.0.0');
    const applied = await ship(['apply', 'dist/live-logic-1.1.0.mwpkg', '--yes']);
    expect(applied).toContain('~ live-contacts  1.0.0, same version, content changed');
    expect(applied).toContain('logic    changed');
    // No click, no reload: the app learns of it by itself.
    await page.getByText(`Updated: ${liveWorkspace.title}.`).waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('Name').inputValue()).toBe('Zed');
    await page.getByRole('button', { name: 'New contact' }).click();
    await page.getByText('Rule two refuses Zed.').waitFor();

    await page.getByText(`Updated: ${liveWorkspace.title}.`).waitFor({ state: 'hidden' }); // the notice of the apply has gone
    await ship(['rollback', 'live-logic']);
    await page.getByText(`Updated: ${liveWorkspace.title}.`).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'New contact' }).click();
    await page.getByText('Rule one refuses Zed.').waitFor();

    await ship(['unpublish', liveWorkspace.id]);
    await page.getByText(`No longer available: ${liveWorkspace.title}.`).waitFor({ timeout: 10_000 });
    await context.close();
  }, 120_000);
});
