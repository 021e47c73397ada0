// Minimal Chrome DevTools Protocol client for headless Chromium (node --experimental-websocket).
export async function connect(port) {
  let targets;
  for (let i = 0; i < 100; i++) {
    try { targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json(); break; }
    catch { await sleep(200); }
  }
  const page = targets.find(t => t.type === 'page');
  const ws = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((res, rej) => { ws.onopen = res; ws.onerror = rej; });
  let id = 0;
  const pending = new Map();
  ws.onmessage = m => {
    const msg = JSON.parse(m.data);
    if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
  };
  const send = (method, params = {}) => new Promise(res => {
    const n = ++id; pending.set(n, res); ws.send(JSON.stringify({ id: n, method, params }));
  });
  const evaluate = async expr => {
    const r = await send('Runtime.evaluate', { expression: expr, awaitPromise: true, returnByValue: true });
    return r.result?.result?.value;
  };
  const waitFor = async (expr, ms = 30000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) { if (await evaluate(expr)) return true; await sleep(250); }
    throw new Error('timed out waiting for ' + expr);
  };
  return { send, evaluate, waitFor, close: () => ws.close() };
}
export const sleep = ms => new Promise(r => setTimeout(r, ms));
