import { expect, openApp, serveOrigin, serveUrl, test } from './fixtures';

test('the shell loads and shows the connection state and the source picker', async ({ app }) => {
  await expect(app.getByRole('banner')).toBeVisible();
  await expect(app.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await expect(app.getByRole('main')).toBeVisible();
  await expect(app.getByTestId('connection-state')).toHaveText(/Live/);
  const picker = app.getByTestId('source-picker');
  await expect(picker).toBeEnabled();
  await expect(picker).toHaveValue('demo:lab');
  await expect(picker.locator('option[value="demo:region"]')).toHaveCount(1);
  // The token has left the address bar.
  expect(app.url()).not.toContain('token=');
});

test('switching to 简体中文 changes the navigation text, and switching back restores English', async ({ app }) => {
  const nav = app.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: /Nodes/ })).toBeVisible();
  await app.getByTestId('language-switch').selectOption('zh-CN');
  const zhNav = app.getByRole('navigation', { name: '主导航' });
  await expect(zhNav.getByRole('link', { name: /节点/ })).toBeVisible();
  await expect(zhNav.getByRole('link', { name: /工作负载/ })).toBeVisible();
  await expect(app.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await app.getByTestId('language-switch').selectOption('en');
  await expect(nav.getByRole('link', { name: /Workloads/ })).toBeVisible();
  await expect(app.locator('html')).toHaveAttribute('lang', 'en');
});

test('the theme switch turns the dark theme on and off, and the choice survives a reload', async ({ app }) => {
  const html = app.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  const bgLight = await app.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await app.getByTestId('theme-switch').click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(app.getByTestId('theme-switch')).toHaveAttribute('aria-checked', 'true');
  expect(await app.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(bgLight);
  await app.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await app.getByTestId('theme-switch').click();
  await expect(html).toHaveAttribute('data-theme', 'light');
});

test('the command palette opens with Ctrl+K and reaches a node by keyboard alone', async ({ app }) => {
  await app.keyboard.press('Control+k');
  const input = app.getByTestId('palette-input');
  await expect(input).toBeFocused();
  const firstNode = await app.evaluate(() => document.querySelector('[data-command^="node:"]')?.getAttribute('data-command')?.slice(5));
  // Type part of a node name, then Enter on the best match.
  const name = firstNode ?? '';
  expect(name).not.toBe('');
  await input.fill(name);
  const options = app.getByRole('listbox', { name: 'Results' }).getByRole('option');
  await expect(options.first()).toContainText(name);
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowUp');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(app).toHaveURL(new RegExp(`#/nodes/${name}$`));
  await expect(app.getByTestId('node-detail').getByRole('heading', { level: 2 })).toHaveText(name);
});

test('"?" lists the shortcuts, and "g" then "w" goes to Workloads', async ({ app }) => {
  await app.locator('body').press('?');
  const dialog = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('g n');
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await app.keyboard.press('g');
  await app.keyboard.press('w');
  await expect(app).toHaveURL(/#\/workloads$/);
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Workloads');
  await app.keyboard.press('Alt+1');
  await expect(app).toHaveURL(/#\/overview$/);
});

test('a request without the token gets HTTP 401, with the token 200', async ({ request }) => {
  const denied = await request.get(`${serveOrigin()}/api/summary`);
  expect(denied.status()).toBe(401);
  const token = new URL(serveUrl()).searchParams.get('token');
  const allowed = await request.get(`${serveOrigin()}/api/summary`, { headers: { Authorization: `Bearer ${token}` } });
  expect(allowed.status()).toBe(200);
});

test('hostile names in the URL render as text, never as markup', async ({ page }) => {
  const hostile = '<img src=x onerror="window.__pwned=1">'.repeat(3);
  await openApp(page, `#/nodes/${encodeURIComponent(hostile)}`);
  const detail = page.getByTestId('node-detail');
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(hostile);
  await expect(detail.getByRole('alert')).toBeVisible(); // "not found", from the backend's validation
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('main img').count()).toBe(0);
});

/** Opens the console in 简体中文 (the preference the language switch stores) at `hash`. */
async function openInChinese(page: import('@playwright/test').Page, hash: string): Promise<void> {
  await page.evaluate(() => {
    const raw = localStorage.getItem('bulwark.prefs');
    localStorage.setItem('bulwark.prefs', JSON.stringify({ ...(raw ? JSON.parse(raw) : {}), locale: 'zh-CN' }));
  });
  await openApp(page, hash);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
}

test('a node that does not exist is reported in Chinese, and in English after switching back', async ({ app }, testInfo) => {
  await openInChinese(app, '#/nodes/no-such-node');
  const detail = app.getByTestId('node-detail');
  await expect(detail.getByRole('alert')).toHaveText('未找到节点 no-such-node（可能已被删除）。');
  await detail.screenshot({ path: testInfo.outputPath('node-not-found-zh-CN.png') });
  await app.getByTestId('language-switch').selectOption('en');
  await expect(detail.getByRole('alert')).toHaveText('Node no-such-node not found (it may have been deleted).');
});

test('on another demo preset a drill offers the switch to its own preset instead of a Start the backend would refuse (in Chinese)', async ({ app }, testInfo) => {
  await openInChinese(app, '#/drills');
  await expect(app.getByTestId('drill-unavailable-gpu-off-the-bus')).toHaveText('此演练为 region 演示预设编写（当前为 lab）：切换到该预设后即可开始。');
  await expect(app.getByTestId('drill-switch-gpu-off-the-bus')).toHaveText('切换到 region');
  await expect(app.getByTestId('drill-start-gpu-off-the-bus')).toHaveCount(0);
  await app.locator('.drills-view').screenshot({ path: testInfo.outputPath('drill-wrong-preset-zh-CN.png') });
});
