// The browsers half of scripts/screens_in_browsers.py (run that): a tablet and a phone at the
// door, a phone's room view, the tablet's remote; axe-core on each page. Prints one JSON line.
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const args = JSON.parse(process.argv[2]);
const S = args.screens;
const report = { scans: {}, axe: {}, errors: [] };

async function context(browser, size, mobile) {
  // bypassCSP only so that axe-core can be injected; labdesk's own scripts need no exception.
  return browser.newContext({ viewport: size, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1, bypassCSP: true });
}

async function page(ctx, name) {
  const p = await ctx.newPage();
  p.on('pageerror', e => report.errors.push(`${name}: ${e}`));
  p.on('console', m => { if (m.type() === 'error' && !/favicon|404/.test(m.text())) report.errors.push(`${name}: ${m.text()}`); });
  return p;
}

async function axe(p, name) {
  await p.addScriptTag({ content: axeSource });
  const res = await p.evaluate(async () => await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] }));
  report.axe[name] = res.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ') + ' ' + n.any.map(a => a.message).join(';')).join(', ')}`);
}

async function signIn(p, url, pin) {
  await p.goto(url);
  await p.fill('#pin', pin);
  await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
}

// A keyboard-wedge scanner: the code typed a few milliseconds a key, then Enter. Returns the
// milliseconds from Enter to the result shown (the result panel no longer "Checking…").
async function wedge(p, code, shot) {
  await p.focus('#code');
  await p.keyboard.type(code, { delay: 4 });
  const started = Date.now();
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => {
    const r = document.getElementById('result');
    return !r.classList.contains('checking') && !r.classList.contains('ready');
  }, null, { timeout: 10000 });
  const took = Date.now() - started;
  const green = await p.evaluate(() => document.getElementById('result').classList.contains('go'));
  const headline = await p.textContent('#result .headline');
  if (shot) await p.screenshot({ path: shot });
  await p.evaluate(() => { document.getElementById('result').className = 'result ready'; });
  return { took, headline, green };
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'] });
  const tabletCtx = await context(browser, { width: 1024, height: 768 }, false);
  const phoneCtx = await context(browser, { width: 390, height: 844 }, true);
  const tablet = await page(tabletCtx, 'tablet desk');
  const phone = await page(phoneCtx, 'phone desk');
  await signIn(tablet, S['Door desk 1'].url, S['Door desk 1'].pin);
  await signIn(phone, S['Door desk 2'].url, S['Door desk 2'].pin);
  report.camera_mode = { tablet: await tablet.textContent('#camera-mode'), phone: await phone.textContent('#camera-mode') };
  await axe(tablet, 'desk (tablet)');
  await axe(phone, 'desk (phone)');

  // Both desks scan the same people at the same moment.
  const results = await Promise.all([tablet, phone].map(async p => {
    const out = [];
    for (const code of args.codes) out.push(await wedge(p, code));
    return out;
  }));
  const times = results.flat().map(r => r.took).sort((a, b) => a - b);
  report.scans.pairs = args.codes.map((c, i) => [results[0][i].headline, results[1][i].headline].sort().join(' | '));
  report.scans.each_once = report.scans.pairs.every(p => /^Already checked in at \d\d:\d\d \| Checked in$/.test(p));
  report.scans.ms_median = times[Math.floor(times.length / 2)];
  report.scans.ms_max = times[times.length - 1];
  await tablet.screenshot({ path: path.join(args.out, 'desk-tablet.png'), fullPage: true });

  // The phone finds someone by name, with a typo, and checks them in.
  await phone.fill('#q', 'chloe dubios');
  await phone.waitForSelector('#found li button');
  await phone.screenshot({ path: path.join(args.out, 'desk-phone-search.png'), fullPage: true });
  await phone.click('#found li button');
  await phone.waitForFunction(() => document.querySelector('#result .headline').textContent !== 'Checking…');
  report.search = (await phone.textContent('#result')).trim().replace(/\s+/g, ' ');
  await phone.screenshot({ path: path.join(args.out, 'desk-phone.png'), fullPage: true });

  // A photo of a badge, read on the device (labdesk's bundled QR reader), checks them in.
  await phone.setInputFiles('#photo', args.photo);
  await phone.waitForFunction(() => {
    const r = document.getElementById('result');
    return r.classList.contains('go') || r.classList.contains('stop') || r.classList.contains('wait');
  }, null, { timeout: 15000 });
  report.photo = (await phone.textContent('#result')).trim().replace(/\s+/g, ' ');

  // The tablet loses the laptop mid-scan: the page says so, and nothing shows green.
  await tablet.route('**/desk/scan', route => route.abort('internetdisconnected'));
  const lost = await wedge(tablet, args.offline, path.join(args.out, 'desk-tablet-offline.png'));
  report.offline = { headline: lost.headline, banner: await tablet.isVisible('#offline'),
    green: lost.green };
  await tablet.unroute('**/desk/scan');

  // A phone's room view follows the timer that the tablet's remote moves.
  const room = await page(phoneCtx, 'room view');
  await room.goto(S['Room view'].url);
  await room.waitForFunction(() => /Live/.test(document.getElementById('live').textContent));
  await axe(room, 'room view (phone)');
  const remote = await page(tabletCtx, 'remote');
  await signIn(remote, S['Remote'].url, S['Remote'].pin);
  await axe(remote, 'remote (tablet)');
  const pressed = Date.now();
  await remote.click('text=Start / Pause');
  await room.waitForFunction(() => /^\d+:\d\d$/.test(document.getElementById('countdown').textContent));
  report.room = { started_after_ms: Date.now() - pressed, phase: await room.textContent('#phase') };
  const first = await room.textContent('#countdown');
  await room.waitForFunction(t => document.getElementById('countdown').textContent !== t, first, { timeout: 3000 });
  report.room.counting = [first, await room.textContent('#countdown')];
  const movedAt = Date.now();
  await remote.click('text=Next ▶');
  await room.waitForFunction(p => document.getElementById('phase').textContent !== p, report.room.phase);
  report.room.next_after_ms = Date.now() - movedAt;
  report.room.after_next = await room.textContent('#phase');
  await remote.click('text=1 minute — wrap up');
  await room.waitForFunction(() => !document.getElementById('message').hidden);
  report.room.message = await room.textContent('#message');
  report.room.flashing = await room.evaluate(() => document.getElementById('message').classList.contains('flash'));
  await room.screenshot({ path: path.join(args.out, 'room-phone.png'), fullPage: true });
  await remote.screenshot({ path: path.join(args.out, 'remote-tablet.png'), fullPage: true });
  const lectern = await page(tabletCtx, 'room view (tablet)');
  await lectern.goto(S['Room view'].url);
  await lectern.waitForFunction(() => /Live/.test(document.getElementById('live').textContent));
  await axe(lectern, 'room view (tablet)');
  await lectern.screenshot({ path: path.join(args.out, 'room-tablet.png') });
  report.said = await remote.textContent('#said');
  // The PIN pages, as a stranger sees them.
  const strangerCtx = await context(browser, { width: 390, height: 844 }, true);
  const stranger = await page(strangerCtx, 'pin page');
  await stranger.goto(S['Door desk 1'].url);
  await axe(stranger, 'desk PIN (phone)');
  await stranger.fill('#pin', '000000');
  await Promise.all([stranger.waitForNavigation(), stranger.click('button[type=submit]')]);
  report.wrong_pin = (await stranger.textContent('.problem')).trim();
  await axe(stranger, 'wrong PIN (phone)');
  await stranger.screenshot({ path: path.join(args.out, 'pin-phone.png'), fullPage: true });
  await browser.close();
  console.log(JSON.stringify(report));
})().catch(e => { console.error(String(e && e.stack || e)); process.exit(2); });
