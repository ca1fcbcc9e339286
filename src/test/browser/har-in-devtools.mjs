// Imports a .har file into the Network panel of the DevTools that ship inside the local Chromium
// and checks what DevTools made of every entry. Run by har-in-devtools.sh; see README "HAR".
//
//   node har-in-devtools.mjs --har FILE [--expected expected.json] [--screenshot FILE.png]
//
// Chromium serves its own bundled DevTools front-end on its remote-debugging port
// (/devtools/inspector.html). The check opens that front-end attached to a blank page, shows the
// Network panel and gives the file to the panel's own "Import HAR file" file input, exactly as a
// person clicking the button would. The panel parses it (HAR.HARFormat.HARRoot) and turns it into
// requests (HAR.Importer.Importer.requestsFromHARLog); a refused file is reported on the DevTools
// console as "Failed to load HAR file with following error: ...". The check then reads the
// imported SDK.NetworkRequest objects (same module instances as the panel) and the panel's rows.
//
// Exit 0: every entry imported and matched. Exit 1: refused, or something differs (each listed).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => {
    if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
if (!args.har) {
  console.error('usage: node har-in-devtools.mjs --har FILE [--expected FILE] [--screenshot FILE]');
  process.exit(2);
}
const harPath = path.resolve(args.har);
const harText = fs.readFileSync(harPath, 'utf8');
const expected = args.expected ? JSON.parse(fs.readFileSync(args.expected, 'utf8')) : null;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const port = await freePort();
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'har-in-devtools-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 1100 },
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--remote-debugging-port=${port}`, '--remote-allow-origins=*',
  ],
});
const problems = [];
let summary;
try {
  const version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
  // The page DevTools is attached to: blank, so the only requests in the log are the imported.
  const inspected = context.pages()[0] ?? (await context.newPage());
  await inspected.goto('about:blank');
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const target = targets.find((t) => t.type === 'page' && t.url === 'about:blank');
  const devtools = await context.newPage();
  const pageErrors = [];
  devtools.on('pageerror', (e) => pageErrors.push(e.message));
  await devtools.goto(
    `http://127.0.0.1:${port}/devtools/inspector.html?ws=127.0.0.1:${port}/devtools/page/${target.id}`,
  );
  // Once DevTools has started (its locale loaded, its panels registered), show the Network panel.
  await devtools.evaluate(async () => {
    const UI = await import('/devtools/ui/legacy/legacy.js');
    for (let until = Date.now() + 30000; ; await new Promise((r) => setTimeout(r, 100))) {
      try {
        await UI.ViewManager.ViewManager.instance().showView('network');
        return;
      } catch (e) {
        if (Date.now() > until) throw e;
      }
    }
  });
  // The panel's hidden <input type=file> behind its "Import HAR file" toolbar button.
  const input = devtools.locator('input[type=file]');
  await input.first().waitFor({ state: 'attached', timeout: 20000 });
  if ((await input.count()) !== 1) {
    throw new Error(`expected one file input in the Network panel, found ${await input.count()}`);
  }
  await input.setInputFiles(harPath);

  summary = await devtools.evaluate(async () => {
    const Common = await import('/devtools/core/common/common.js');
    const Logs = await import('/devtools/models/logs/logs.js');
    const failed = () =>
      Common.Console.Console.instance()
        .messages()
        .map((m) => m.text)
        .filter((t) => t.startsWith('Failed to load HAR file'));
    const imported = () => Logs.NetworkLog.NetworkLog.instance().requests().filter((r) => r.isImportedHar());
    // The file is read and imported asynchronously: wait for requests or a refusal.
    const until = Date.now() + 20000;
    while (Date.now() < until && imported().length === 0 && failed().length === 0) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 500));
    const requests = [];
    for (const r of imported()) {
      const content = await r.requestContentData();
      let text = null;
      let base64 = null;
      let contentError = null;
      if ('error' in content && !('isTextContent' in content)) {
        contentError = String(content.error);
      } else {
        try { base64 = content.base64; } catch { /* created from text */ }
        try { text = content.isTextContent ? content.text : null; } catch (e) { contentError = String(e); }
      }
      requests.push({
        url: r.url(),
        method: r.requestMethod,
        status: r.statusCode,
        statusText: r.statusText,
        mimeType: r.mimeType,
        resourceType: r.resourceType().name(),
        protocol: r.protocol,
        formData: await r.requestFormData(),
        requestHeaders: r.requestHeaders().map((h) => [h.name, h.value]),
        responseHeaders: r.responseHeaders.map((h) => [h.name, h.value]),
        issueTime: r.issueTime(),
        startTime: r.startTime,
        endTime: r.endTime,
        timing: r.timing,
        resourceSize: r.resourceSize,
        transferSize: r.transferSize,
        eventSourceMessages: r.eventSourceMessages().length,
        eventSourceData: r.eventSourceMessages().map((m) => m.data),
        text,
        base64,
        contentError,
      });
    }
    return { failed: failed(), requests };
  });
  // What a person sees: the rows of the panel's request table.
  await devtools.waitForTimeout(500);
  // The panel's status bar ("29 requests | 62.7 kB transferred | ..."); its table is virtual.
  const bar = await devtools.locator('.network-summary-bar').first().innerText();
  summary.statusBar = bar.replace(/\s+/g, ' ').trim();
  summary.rows = Number((/(\d+) requests?/.exec(summary.statusBar) ?? [])[1]);
  summary.pageErrors = pageErrors;
  summary.browser = version.Browser;
  if (args.screenshot) {
    // Only the Network panel (the rest of the window mirrors the blank inspected page).
    const panel = devtools.locator('.panel.network').first();
    await (await panel.count() ? panel : devtools).screenshot({ path: args.screenshot });
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

console.log(`${summary.browser}, its bundled DevTools: ${path.basename(harPath)}`);
if (summary.failed.length > 0) {
  for (const f of summary.failed) console.log(`  DevTools refused the file: ${f}`);
  console.log('FAIL: not imported');
  process.exit(1);
}

const har = JSON.parse(harText);
const entries = har.log.entries;
const reqs = summary.requests;
const check = (ok, what) => {
  if (!ok) problems.push(what);
};
const near = (a, b) => Math.abs(a - b) < 1e-3;
check(reqs.length === entries.length, `imported ${reqs.length} requests of ${entries.length} entries`);
check(summary.rows === entries.length, `the panel says "${summary.statusBar}" for ${entries.length} entries`);
if (expected) {
  check(expected.length === entries.length, `${entries.length} entries, ${expected.length} exchanges sent`);
}
const secret = expected?.find((x) => x.secret)?.secret;
let sseMessages = 0;
let base64Bodies = 0;
let postBodies = 0;
const types = new Map();

for (let i = 0; i < Math.min(reqs.length, entries.length); i++) {
  const r = reqs[i];
  const e = entries[i];
  const x = expected?.[i];
  const name = `#${i + 1} ${x ? x.fixture : e.request.url}`;
  types.set(r.resourceType, (types.get(r.resourceType) ?? 0) + 1);
  if (e._resourceType) {
    check(r.resourceType === e._resourceType, `${name}: listed as ${r.resourceType}, the file says ${e._resourceType}`);
  }
  // As written in the file.
  check(r.url === e.request.url, `${name}: url ${r.url} != ${e.request.url}`);
  check(r.method === e.request.method, `${name}: method ${r.method}`);
  check(r.status === e.response.status, `${name}: status ${r.status}`);
  check(r.statusText === e.response.statusText, `${name}: statusText ${r.statusText}`);
  check((r.mimeType ?? '') === e.response.content.mimeType, `${name}: mimeType ${r.mimeType}`);
  check(r.protocol === 'http/1.1', `${name}: protocol ${r.protocol}`);
  check(r.requestHeaders.length === e.request.headers.length, `${name}: request headers`);
  check(r.responseHeaders.length === e.response.headers.length, `${name}: response headers`);
  const started = Date.parse(e.startedDateTime) / 1000;
  check(near(r.issueTime, started) && near(r.startTime, started), `${name}: start ${r.startTime}`);
  check(near((r.endTime - r.startTime) * 1000, e.time), `${name}: duration ${(r.endTime - r.startTime) * 1000} ms != time ${e.time}`);
  const t = e.timings;
  if (t.wait > 0) {
    check(near(r.timing.receiveHeadersEnd, t.send + t.wait), `${name}: waiting ends at ${r.timing.receiveHeadersEnd} ms, wait ${t.wait}`);
  }
  check(r.resourceSize === (e.response.content.size > 0 ? e.response.content.size : 0) ||
        e.response.content.size <= 0, `${name}: resourceSize ${r.resourceSize} != content.size ${e.response.content.size}`);
  check(r.transferSize === e.response.bodySize, `${name}: transferred ${r.transferSize} B, the file says bodySize ${e.response.bodySize} B`);
  if (e.request.postData) {
    postBodies++;
    check(r.formData === e.request.postData.text, `${name}: request body differs`);
  } else {
    check(r.formData === null, `${name}: request body where the file has none`);
  }
  check(r.contentError === null, `${name}: content not readable: ${r.contentError}`);
  const content = e.response.content;
  if (content.encoding === 'base64') {
    base64Bodies++;
    check(r.base64 === content.text, `${name}: base64 body differs`);
  } else if (content.text !== undefined) {
    check(r.text === content.text || r.base64 === Buffer.from(content.text).toString('base64'),
      `${name}: body differs`);
  }
  sseMessages += r.eventSourceMessages;
  // As the client saw it (expected.json from the recording run).
  if (x) {
    check(r.method === x.method, `${name}: method ${r.method}, sent ${x.method}`);
    check(new URL(r.url).pathname === x.path, `${name}: path ${new URL(r.url).pathname}, sent ${x.path}`);
    check(r.status === x.status, `${name}: status ${r.status}, upstream said ${x.status}`);
    check((r.mimeType ?? '') === x.contentType, `${name}: mimeType ${r.mimeType}, upstream said ${x.contentType}`);
    check((r.formData !== null) === x.hasRequestBody, `${name}: request body present: ${r.formData !== null}`);
    if (x.bodyBase64 !== undefined) {
      const bytes = r.base64 !== null ? Buffer.from(r.base64, 'base64') : Buffer.from(r.text ?? '', 'utf8');
      check(bytes.equals(Buffer.from(x.bodyBase64, 'base64')),
        `${name}: body (${bytes.length} B) is not what the client got (${Buffer.from(x.bodyBase64, 'base64').length} B)`);
    }
    if (x.sseEvents !== undefined) {
      check(r.eventSourceMessages === x.sseEvents,
        `${name}: EventStream tab has ${r.eventSourceMessages} messages, the stream had ${x.sseEvents} events`);
    }
  }
  if (secret) {
    check(!JSON.stringify(r).includes(secret), `${name}: the secret is in DevTools`);
  }
}
check(summary.pageErrors.length === 0, `DevTools page errors: ${summary.pageErrors.join('; ')}`);

console.log(`  imported ${reqs.length} of ${entries.length} entries; the panel's status bar: ${summary.statusBar}`);
console.log(`  resource types: ${[...types].map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`  request bodies: ${postBodies}; base64 response bodies: ${base64Bodies}; EventStream messages: ${sseMessages}`);
if (problems.length > 0) {
  for (const p of problems) console.log(`  MISMATCH ${p}`);
  console.log(`FAIL: ${problems.length} mismatches`);
  process.exit(1);
}
console.log('PASS: every entry imported with its url, method, status, mime type, headers, timings, sizes and bodies');
