import { submit } from './account';
import { signIn, waitForPath, withPage } from './browser';

const EMAIL_PAGE = '/org-settings/email';

/**
 * Disconnects the organization's business email, if one is connected, as its owner would: a spec
 * that connected its own loopback server leaves the specs after it sending through the default.
 */
export async function disconnectBusinessEmail(): Promise<void> {
  await withPage(async ({ page }) => {
    await signIn(page);
    await waitForPath(page, '/settings/profile');
    const confirm = await page.goto(`${EMAIL_PAGE}/disconnect`);
    if (new URL(page.url()).pathname === `${EMAIL_PAGE}/disconnect` && confirm?.ok()) {
      await submit(page, page.locator('main').getByRole('button', { name: 'Disconnect', exact: true }));
      await waitForPath(page, EMAIL_PAGE);
    }
  });
}
