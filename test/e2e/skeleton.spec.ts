import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { expect, test } from '@playwright/test';

test('the built UI renders in Chromium', async ({ page }) => {
  const dir = join(import.meta.dirname, '../../out/renderer');
  const server = createServer(async (req, res) => {
    const path = req.url === '/' ? '/index.html' : req.url!;
    const body = await readFile(join(dir, path)).catch(() => null);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': extname(path) === '.js' ? 'text/javascript' : 'text/html' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await page.goto(`http://127.0.0.1:${port}/`);
  await expect(page.getByRole('heading', { name: 'Eventbench' })).toBeVisible();
  server.close();
});
