import { expect, test as base } from '@playwright/test';
import type { Page } from '@playwright/test';

export function serveUrl(): string {
  const url = process.env.BULWARK_URL;
  if (!url) throw new Error('BULWARK_URL is not set: the global setup did not start the serve.');
  return url;
}

export function serveOrigin(): string {
  return process.env.BULWARK_ORIGIN ?? new URL(serveUrl()).origin;
}

/** Opens the console (with its token) at `hash` and waits until the model is live. */
export async function openApp(page: Page, hash = '#/overview'): Promise<void> {
  await page.goto(`${serveUrl()}${hash}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', /live|paused/);
}

export const test = base.extend<{ app: Page }>({
  app: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/favicon/.test(m.text())) errors.push(m.text()); });
    await openApp(page);
    await use(page);
    // A view that throws, or a CSP violation, fails the test that caused it.
    expect(errors, 'console errors').toEqual([]);
  },
});

export { expect };
