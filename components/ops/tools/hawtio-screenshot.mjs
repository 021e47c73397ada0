// Screenshot of Hawtio's route diagram of one river-serve route (used for docs/images/hawtio.png).
// node --experimental-websocket hawtio-screenshot.mjs CDP_PORT CONSOLE_URL ROUTE OUT.png
import { connect, sleep } from './cdp.mjs';
import { writeFileSync } from 'node:fs';
const [,, cdpPort, base, node, out] = process.argv;
const c = await connect(Number(cdpPort));
await c.send('Page.enable');
await c.send('Emulation.setDeviceMetricsOverride', { width: 1400, height: 900, deviceScaleFactor: 1, mobile: false });
await c.send('Page.navigate', { url: base + '/' });
await c.waitFor(`document.querySelectorAll('#services tr').length >= 3 && !document.body.innerText.includes('…')`);
await c.send('Page.navigate', { url: base + '/hawtio/camel/routeDiagram?con=river-serve' });
const clickText = sel => `(() => { const el = [...document.querySelectorAll('button, a, span')].find(e => e.innerText && e.innerText.trim() === ${JSON.stringify(sel)}); if (el) { el.click(); return true; } return false; })()`;
await c.waitFor(clickText(node));
await sleep(1000);
await c.waitFor(clickText('Route Diagram'));
await c.waitFor(`document.querySelectorAll('.react-flow__node').length > 2`);
await sleep(4000);
console.log('nodes:', await c.evaluate(`document.querySelectorAll('.react-flow__node').length`));
const shot = await c.send('Page.captureScreenshot', { format: 'png' });
writeFileSync(out, Buffer.from(shot.result.data, 'base64'));
c.close();
