// Screenshots of the built example for a person to look at: every page at 1920, 1280 and 390 px, in
// light and dark. `node screenshots.mjs [path ...]` writes e2e/screenshots/*.png.
import { mkdir } from "node:fs/promises";
import { launch, openPage, serveSite } from "./support.mjs";

const paths = process.argv.slice(2).length ? process.argv.slice(2) : ["/", "/get-user-by-id/", "/criteria/async/", "/faq/"];
const out = new URL("./screenshots/", import.meta.url).pathname;
await mkdir(out, { recursive: true });
const server = await serveSite();
const browser = await launch();
for (const path of paths) {
  for (const width of [1920, 1280, 390]) {
    for (const dark of [false, true]) {
      const { page, context } = await openPage(browser, server.url + path, { width, height: 900, dark });
      const name = `${path.replace(/\//g, "_") || "_"}${width}${dark ? "-dark" : ""}.png`;
      await page.screenshot({ path: out + name, fullPage: true });
      await context.close();
      console.log(out + name);
    }
  }
}
await browser.close();
await server.close();
