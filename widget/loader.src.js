/*! Ayuda loader: widget/loader.src.js */
// The loader host pages embed with one tag (`/widget.js`), in two stages. This is the first
// stage's readable source: `cargo xtask loader` minifies it and the second stage's
// (`widget/loader-stage2.src.js`) with esbuild (pinned in tools/package.json) into
// `widget/loader.js` and `widget/loader-stage2.js`, the files the server ships, and a tidy test
// fails when they differ. The contract is in widget/PROTOCOL.md.
//
// Stage 1 (this file) is what every host page downloads and runs, so it does only what is
// needed before the user comes near: it draws the launcher in a closed Shadow DOM that host CSS
// cannot reach, fetches the site's look for it (the colour; a text, a logo or the other corner
// are drawn by stage 2's `look`), and owns the `Ayuda(...)` JS API (replaying
// calls queued before it arrived; the calls that only change state record it). On intent
// (pointer or focus on the launcher, a click, an API call that needs the panel, or idle time
// with `data-preload="idle"`) it imports stage 2 once: a module on the Ayuda origin under a
// content-hashed URL (the server writes it in place of `__AYUDA_STAGE2__`), which takes the
// shared state in `widget` over, creates the panel iframe, talks to it by `postMessage` and
// watches SPA route changes. Neither stage throws into the host page or stores anything on it.
(() => {
  try {
    const startedAt = performance.now();
    const queued = window.Ayuda;
    const noop = () => {};
    const failure = (message) => Error('Ayuda: ' + message);
    const element = (tag) => document.createElement(tag);
    const listen = (target, type, handler, remove) =>
      target[(remove ? 'remove' : 'add') + 'EventListener'](type, handler);
    const HEX_COLOR = /^#[\da-f]{6}$/i;
    const LOCALE = /^[a-z]{2}(-[A-Za-z]{2})?$/;

    const script =
      document.currentScript ||
      [...document.querySelectorAll('script[src*="/widget.js"][data-site]')].pop();
    const data = script ? script.dataset : {};
    // Loaded twice (two tags, or a SPA re-inserting it): the first one stays in charge.
    if (queued && queued.ayuda) return;
    if (!data.site) return console.warn('Ayuda: data-site missing');

    const side = data.position == 'left' ? 'left' : 'right';
    const launcherSize = data.launcher != 'none' ? '56px' : 0;
    const host = element('ayuda-widget');
    const shadow = host.attachShadow({ mode: 'closed' });
    let loading; // stage 2's import, once asked for
    let shutDown;
    let launcher;
    let icon;

    // What both stages share. Stage 2 adopts it as it finds it and keeps it current.
    const widget = {
      data,
      host,
      shadow,
      origin: new URL(script.src).origin,
      locale: LOCALE.test(data.locale) ? data.locale : null,
      color: HEX_COLOR.test(data.color) ? data.color : null,
      // Also, once known: `launcher` (the button), `config` (the site's public config, a
      // Promise while the launcher fetches it for its look: the frame gets it in `init` and
      // does not ask again), `side` (the corner, set by stage 2), `user` (from
      // `identify`).
      context: {}, // from `setContext`: route, tags, appVersion (as passed; stage 2 normalises)
      listeners: { open: [], close: [], article: [], search: [], unread: [] },
      open: 0, // the panel is shown
      unread: 0,
      // Draws the closed launcher in the current language. Stage 2 replaces it with one that
      // draws every state (open, unread, the panel).
      paint: () => {
        host.dataset.state = 'closed';
        if (launcher) {
          launcher.ariaExpanded = false;
          launcher.ariaLabel = /^es/i.test(widget.locale || navigator.language)
            ? 'Abrir ayuda'
            : 'Open help';
          launcher.dataset.u = 0;
          icon.setAttribute('d', 'M8 8a4 4 0 1 1 4 4v2m0 4v.1');
        }
      },
    };

    // The launcher's background, and black or white ink by the WCAG relative luminance.
    const paintLauncher = (hex) => {
      const style = launcher.style;
      style.background = hex;
      const luminance = [0.2126, 0.7152, 0.0722].reduce(
        (sum, weight, i) =>
          sum + weight * ((parseInt(hex.substr(2 * i + 1, 2), 16) + 14) / 269) ** 2.4,
        0,
      );
      style.color = luminance > 0.1916 ? '#111' : '#fff';
    };

    // Stage 2's module. Its default export takes `widget` over: it replaces or wraps the
    // commands below and creates the frame. Its `look` draws the site's launcher text, logo
    // and corner.
    const stage2 = () => import(widget.origin + '__AYUDA_STAGE2__');
    // Imports stage 2 and hands `widget` over (once; again after a failure).
    const load = () =>
      (loading =
        loading ||
        stage2()
          .then((module) => shutDown || module.default(widget))
          .catch(() => {
            loading = 0;
            throw failure('help could not load');
          }));
    const preload = () => load().catch(noop);

    const commands = {
      __proto__: null,
      // Without stage 2 there is no frame: these record the state for its `init`, and stage 2
      // wraps them to tell the frame.
      setContext: (changes) => {
        Object.assign(widget.context, changes);
      },
      identify: (who) => {
        widget.user = { ...who };
      },
      setLocale: (code) => {
        if (!LOCALE.test(code)) throw failure('bad locale ' + code);
        widget.locale = code;
        widget.paint();
      },
      on: (name, fn) => {
        widget.listeners[name].push(fn);
      },
      // Nothing is open before stage 2; a close while it loads (after an open) waits for it.
      close: () => loading && loading.then(() => api('close'), noop),
      shutdown: () => {
        shutDown = 1;
        host.remove();
        listen(window, 'load', onLoad, 1);
        listen(document, 'DOMContentLoaded', mount, 1);
        window.Ayuda == api && (window.Ayuda = () => Promise.resolve());
      },
    };
    // The commands that need the panel load stage 2, which replaces them, and run again.
    ['open', 'toggle', 'search', 'article'].map(
      (name) => (commands[name] = (...args) => load().then(() => api(name, ...args))),
    );
    // The public API: always a Promise, never a throw (unknown commands reject).
    const api = (command, ...args) =>
      new Promise((resolve) => {
        if (!commands[command]) throw failure('unknown command ' + command);
        resolve(shutDown || commands[command](...args));
      });

    // Event handlers run guarded: a failure inside the loader must never reach the host page.
    // After the page's load: preload the panel at idle time when the tag asks for it (not
    // when the user saves data).
    const onLoad = () => {
      try {
        shutDown ||
          data.preload != 'idle' ||
          (navigator.connection || {}).saveData ||
          (window.requestIdleCallback || setTimeout)(preload, { timeout: 4e3 });
      } catch (e) {}
    };
    const mount = () => {
      try {
        shutDown || document.body.append(host);
      } catch (e) {}
    };

    // The host element is exactly the launcher's box; `!important` on `:host` so host CSS
    // cannot move or hide it, and `all: initial` inside so nothing inherits in. (Stage 2 adds
    // the panel's sheet.)
    const zIndex = /^-?\d{1,10}$/.test(data.zIndex) ? data.zIndex : 2147483e3;
    const hostRules =
      `all:initial;position:fixed;bottom:20px;${side}:20px;z-index:${zIndex};` +
      `display:block;width:${launcherSize};height:${launcherSize};`;
    const css =
      `:host{${hostRules.replace(/;/g, '!important;')}}*:not(svg,path){all:initial}` +
      `.l{display:grid;place-items:center;width:56px;height:56px;border-radius:50%;cursor:pointer;box-shadow:0 4px 16px #0006}` +
      `button:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 3px #fff}` +
      `svg{width:28px;fill:none;stroke:currentColor;stroke-width:2.5;stroke-linecap:round}`;
    // A constructed sheet: host pages with a strict `style-src` allow it (browsers without
    // one throw here, and the loader does nothing).
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];

    if (launcherSize) {
      // No `type`: in a shadow root the button has no form to submit.
      launcher = widget.launcher = shadow.appendChild(element('button'));
      launcher.className = 'l';
      icon = launcher.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
      icon.setAttribute('viewBox', '0 0 24 24');
      icon = icon.appendChild(document.createElementNS(icon.namespaceURI, 'path'));
      // Stage 2 starts loading as soon as the user comes near the launcher (on touch,
      // `pointerenter` comes before the click, which waits for it).
      ['pointerenter', 'focus'].map((type) => listen(launcher, type, preload));
      listen(launcher, 'click', () => api('toggle').catch(noop));
      paintLauncher(widget.color || '#2563eb');
      // The site's look, asked for in the next task: the request waits for the network
      // anyway, and the host's task that runs the loader stays short. (A request to another
      // origin carries no cookies.) Its colour applies unless the tag has one; when it says
      // there is more to draw (`look`: a text, a logo or the left corner), stage 2's module
      // (not the panel) draws it.
      widget.config = new Promise((go) => setTimeout(go))
        .then(() =>
          fetch(widget.origin + `/api/v1/sites/${encodeURIComponent(data.site)}/config`),
        )
        .then((response) => response.ok && response.json())
        .then((config) => {
          HEX_COLOR.test(config.brand_color) &&
            paintLauncher((widget.color ||= config.brand_color));
          config.look &&
            stage2()
              .then((module) => module.look(widget, config))
              .catch(noop);
          return config;
        })
        .catch(noop);
    }
    widget.commands = commands;
    api.ayuda = 1;
    window.Ayuda = api;
    document.body ? mount() : listen(document, 'DOMContentLoaded', mount);
    document.readyState == 'complete' ? onLoad() : listen(window, 'load', onLoad);
    widget.paint();
    // Calls made before the loader arrived: `[args, resolve, reject]` from the documented
    // stub, or plain `arguments` objects.
    ((queued && queued.q) || []).map((call) => {
      try {
        const [args, resolve, reject] =
          call.length < 4 && typeof call[0] == 'object' ? call : [call];
        api(...args).then(resolve, reject).catch(noop);
      } catch (e) {}
    });
    try {
      performance.measure('ayuda:loader', { start: startedAt });
    } catch (e) {}
  } catch (e) {}
})();
