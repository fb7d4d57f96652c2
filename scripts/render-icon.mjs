// Renders assets/icon.svg to assets/icon.png (512×512) with Debian's chromium through Playwright.
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const browser = await chromium.launch({ executablePath: process.env.BULWARK_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${fs.readFileSync(path.join(root, 'assets/icon.svg'), 'utf8')}</body></html>`);
await page.screenshot({ path: path.join(root, 'assets/icon.png'), omitBackground: true });
await browser.close();
