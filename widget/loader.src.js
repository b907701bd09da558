/*! Ayuda loader. Source: widget/loader.src.js (cargo xtask loader). Protocol: widget/PROTOCOL.md */
// The loader host pages embed with one tag (`/widget.js`). This is its readable source:
// `cargo xtask loader` minifies it (esbuild, pinned in tools/package.json) into
// `widget/loader.js`, the file the server ships, and a tidy test fails when the two differ.
//
// What it does (PROTOCOL.md has the contract): draws the launcher at once in a closed Shadow
// DOM that host CSS cannot reach, owns the `Ayuda(...)` JS API (replaying calls queued before
// it arrived), watches SPA route changes, and only when the user comes near (pointer, focus,
// click, an API call, or idle time with `data-preload="idle"`) creates the panel: an iframe on
// the Ayuda origin that it talks to by `postMessage` with exact origin checks. It never
// throws into the host page and stores nothing on the host.
(() => {
  try {
    const startedAt = performance.now();
    const queued = window.Ayuda;
    const noop = () => {};
    // Every handler runs guarded: a failure inside the loader must never reach the host page.
    const guarded =
      (fn) =>
      (...args) => {
        try {
          return fn(...args);
        } catch (e) {}
      };
    const mark = (name) => {
      try {
        performance.mark('ayuda:' + name);
      } catch (e) {}
    };
    const failure = (message) => Error('Ayuda: ' + message);
    const resolved = () => Promise.resolve();
    const element = (tag) => document.createElement(tag);
    const listen = (target, type, handler, remove) =>
      target && target[(remove ? 'remove' : 'add') + 'EventListener'](type, handler);
    const HEX_COLOR = /^#[\da-f]{6}$/i;
    const LOCALE = /^[a-z]{2}(-[A-Za-z]{2})?$/;

    const script =
      document.currentScript ||
      [...document.querySelectorAll('script[src*="/widget.js"][data-site]')].pop();
    const data = script ? script.dataset : {};
    const site = data.site;
    // Loaded twice (two tags, or a SPA re-inserting it): the first one stays in charge.
    if (queued && queued.ayuda) return;
    if (!site) return console.warn('Ayuda: data-site missing');

    let locale = LOCALE.test(data.locale) ? data.locale : null;
    let color = HEX_COLOR.test(data.color) ? data.color : null;
    // The site's public config, when the loader fetched it (for the launcher's colour): it is
    // handed to the frame in `init`, so the frame does not ask again.
    let siteConfig = null;
    let configFetched = resolved();
    let open = 0; // the panel is shown
    let ready = 0; // the frame said `ready` and got `init`
    let lastId = 0; // ids of messages that want an `ack`
    let unread = 0;
    let user = null; // from `identify`
    let pending = []; // messages for the frame, until it is ready
    let awaiting = {}; // id → [resolve, reject] of messages waiting for their `ack`
    let frame; // the iframe, once created
    let seenReady; // the first `ready` arrived (for the timing mark)
    let shutDown;
    let focusBeforeOpen; // where focus goes back on close when there is no launcher
    let routeTimer;
    let errorBox;
    let launcher;
    let icon;

    const ayudaOrigin = new URL(script.src).origin;
    const side = data.position == 'left' ? 'left' : 'right';
    const hasLauncher = data.launcher != 'none';
    const viewport = window.visualViewport;
    const narrow = window.matchMedia('(max-width:480px)');
    const encode = encodeURIComponent;
    const launcherSize = hasLauncher ? '56px' : 0;
    const context = { url: location.href, route: null, tags: [], appVersion: null };
    const listeners = { open: [], close: [], article: [], search: [], unread: [] };
    const host = element('ayuda-widget');
    const shadow = host.attachShadow({ mode: 'closed' });

    // The host element is exactly the launcher's box; `!important` on `:host` so host CSS
    // cannot move or hide it, and `all: initial` inside so nothing inherits in.
    const zIndex = /^-?\d{1,10}$/.test(data.zIndex) ? data.zIndex : 2147483e3;
    const hostRules =
      `all:initial;position:fixed;bottom:20px;${side}:20px;z-index:${zIndex};` +
      `display:block;width:${launcherSize};height:${launcherSize};`;
    const css =
      `:host{${hostRules.replace(/;/g, '!important;')}}*:not(svg,path){all:initial}` +
      `.l{display:grid;place-items:center;width:56px;height:56px;border-radius:50%;cursor:pointer;box-shadow:0 4px 16px #0006}` +
      `.l:not([data-u="0"])::after{content:attr(data-u);position:absolute;top:-4px;${side}:-4px;min-width:10px;padding:0 5px;border-radius:10px;background:#d11;color:#fff;font:700 12px/20px sans-serif;text-align:center}` +
      `button:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 3px #fff}` +
      `svg{width:28px;fill:none;stroke:currentColor;stroke-width:2.5;stroke-linecap:round}` +
      `@media(prefers-reduced-motion:no-preference){.l{transition:transform .15s}.l:hover{transform:scale(1.07)}}` +
      `iframe,.e{display:none;position:fixed;bottom:88px;${side}:20px;width:400px;max-width:calc(100vw - 40px);height:min(680px,100vh - 108px);border-radius:16px;background:#fff;box-shadow:0 4px 16px #0006}` +
      `:host([data-state=open]) :is(iframe,.e){display:block}` +
      `.e{width:auto;height:auto;padding:16px;font:15px sans-serif;color:#111}` +
      `.e button{display:block;margin-top:12px;padding:8px 16px;border-radius:8px;background:#111;color:#fff;font:inherit;cursor:pointer}` +
      // On a phone the panel is a sheet; its box is set from the visual viewport (`followViewport`).
      `:host([data-sheet]) iframe{right:auto;bottom:auto;max-width:none;border-radius:0}:host([data-sheet]) .o{display:none}`;

    const spanish = () => /^es/i.test(locale || navigator.language);

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

    const post = (message) => {
      try {
        message.ayuda = 1;
        frame.contentWindow.postMessage(message, ayudaOrigin);
      } catch (e) {}
    };
    const fire = (name, detail) =>
      listeners[name].slice().map((fn) => {
        try {
          fn(detail);
        } catch (e) {}
      });
    // Rejects every call waiting for the frame (it could not load, or shutdown).
    const failAll = (message) => {
      for (const id in awaiting) awaiting[id][1](failure(message));
      awaiting = {};
      pending = [];
    };
    // Sends `message` of `type` to the frame; resolves on its `ack`. `needsFrame` creates the
    // frame first; otherwise a message for a frame that does not exist yet resolves at once
    // (the frame reads the current state in `init`).
    const send = (type, message, needsFrame) =>
      new Promise((resolve, reject) => {
        message.type = type;
        needsFrame && createFrame();
        if (!frame || (!ready && !needsFrame)) return resolve();
        awaiting[(message.id = ++lastId)] = [resolve, reject];
        ready ? post(message) : pending.push(message);
      });

    // On a phone (the visual viewport, at the current zoom, is at most 480 px wide) the open
    // panel covers exactly the visual viewport: fixed positions and `100%` sizes follow the
    // layout viewport, which grows past the screen when the host's content is wider than it.
    const followViewport = guarded(() => {
      const sheet = open && (narrow.matches || viewport.width * viewport.scale <= 480);
      host.toggleAttribute('data-sheet', sheet);
      frame &&
        (frame.style.cssText = sheet
          ? `left:${viewport.offsetLeft}px;top:${viewport.offsetTop}px;width:${viewport.width}px;height:${viewport.height}px`
          : '');
    });

    // Draws the current state: open or closed, the launcher's label, icon and badge.
    const paint = () => {
      const es = spanish();
      host.dataset.state = open ? 'open' : 'closed';
      if (launcher) {
        launcher.ariaExpanded = !!open;
        launcher.ariaLabel =
          (open ? (es ? 'Cerrar ayuda' : 'Close help') : es ? 'Abrir ayuda' : 'Open help') +
          (unread ? ` (${unread} ${es ? 'sin leer' : 'unread'})` : '');
        launcher.dataset.u = unread;
        launcher.classList.toggle('o', open && frame);
        icon.setAttribute('d', open ? 'M6 6l12 12M18 6 6 18' : 'M8 8a4 4 0 1 1 4 4v2m0 4v.1');
      }
      frame && (frame.title = es ? 'Ayuda' : 'Help');
      ['resize', 'scroll'].map((type) => listen(viewport, type, followViewport, !open));
      followViewport();
    };

    // Creates the panel iframe (once). If it has not said `ready` within 10 s, it is replaced
    // by a friendly message with a Retry button.
    const createFrame = () => {
      if (frame || shutDown) return;
      errorBox && errorBox.remove();
      frame = element('iframe');
      frame.id = 'ayuda-panel';
      frame.allow = 'clipboard-write';
      frame.src =
        ayudaOrigin +
        `/widget/frame.html?site=${encode(site)}&parent=${encode(location.origin)}` +
        (locale ? '&locale=' + locale : '') +
        (color ? '&color=%23' + color.slice(1) : '');
      shadow.append(frame);
      setTimeout(
        guarded(() => {
          if (ready || shutDown) return;
          const es = spanish();
          frame.remove();
          frame = 0;
          failAll('help could not load');
          errorBox = shadow.appendChild(element('div'));
          errorBox.className = 'e';
          errorBox.role = 'alert';
          errorBox.textContent = es
            ? 'No se pudo cargar la ayuda. Revisa tu conexión.'
            : "Help couldn't load. Check your connection.";
          listen(errorBox.appendChild(element('button')), 'click', () =>
            api('open').catch(noop),
          );
          errorBox.lastChild.textContent = es ? 'Reintentar' : 'Retry';
          paint();
        }),
        1e4,
      );
      paint();
    };

    const openPanel = () => {
      createFrame();
      if (!open) {
        focusBeforeOpen = document.activeElement;
        open = 1;
        paint();
        fire('open');
      }
      frame.focus();
      return send('open', {}, 1).then(() => mark('open'));
    };

    const closePanel = () => {
      if (open) {
        const focusInside = document.activeElement == host;
        const focusTarget = launcher || focusBeforeOpen;
        open = 0;
        paint();
        fire('close');
        focusInside && focusTarget != host && focusTarget.focus();
      }
      return send('close', {});
    };

    // Messages from the frame: only from the Ayuda origin and our own iframe's window.
    const onMessage = guarded((event) => {
      const message = event.data;
      const type = message.type;
      const waiting = awaiting[message.id];
      if (!(frame && event.origin == ayudaOrigin && event.source == frame.contentWindow && message.ayuda === 1))
        return;
      if (type == 'ready') {
        seenReady || mark('panel-ready');
        seenReady = 1;
        // `init` waits for the loader's own config request, to hand its answer over.
        configFetched.then(
          guarded(() => {
            if (!frame) return;
            ready = 1;
            post({ type: 'init', locale, color, context, user, config: siteConfig });
            pending.splice(0).map(post);
          }),
        );
      }
      if (type == 'ack' && waiting) {
        delete awaiting[message.id];
        message.ok ? waiting[0]() : waiting[1](failure(message.error));
      }
      type == 'close' && closePanel().catch(noop);
      if (type == 'unread') {
        unread = message.count >>> 0;
        paint();
        fire(type, unread);
      }
      type == 'event' && fire(message.name, message.detail);
    });

    // SPA navigation: the page URL is the context; tell the frame once per task.
    const onNavigate = guarded(() => {
      routeTimer =
        routeTimer ||
        setTimeout(
          guarded(() => {
            routeTimer = 0;
            if (location.href != context.url) {
              context.url = location.href;
              ready && post({ type: 'context', context });
            }
          }),
        );
    });
    // Wraps pushState/replaceState; each returns the function that unwraps it (if still ours).
    const unwrapHistory = ['pushState', 'replaceState'].map((name) => {
      const original = history[name];
      const wrapped = (history[name] = function () {
        const result = original.apply(this, arguments);
        onNavigate();
        return result;
      });
      return () => history[name] == wrapped && (history[name] = original);
    });
    const windowListeners = (remove) => {
      ['popstate', 'hashchange'].map((type) => listen(window, type, onNavigate, remove));
      listen(window, 'message', onMessage, remove);
    };
    const text = (value) => (value == null ? null : '' + value);

    const commands = {
      __proto__: null,
      open: openPanel,
      close: closePanel,
      toggle: () => (open ? closePanel() : openPanel()),
      search: (query) => openPanel().then(() => send('search', { text: text(query) || '' }, 1)),
      article: (slug) => openPanel().then(() => send('article', { slug: '' + slug }, 1)),
      setContext: (changes) => {
        context.url = location.href;
        ['route', 'tags', 'appVersion'].map(
          (key) =>
            key in changes &&
            (context[key] =
              key == 'tags'
                ? [].concat(changes[key] || []).map(String)
                : text(changes[key])),
        );
        return send('context', { context });
      },
      identify: (who) => {
        user = {};
        ['userId', 'userHash', 'name', 'email', 'company'].map(
          (key) => key in who && (user[key] = text(who[key])),
        );
        return send('identify', { user });
      },
      setLocale: (code) => {
        if (!LOCALE.test(code)) throw failure('bad locale ' + code);
        locale = code;
        paint();
        return send('locale', { locale: code });
      },
      on: (name, fn) => {
        listeners[name].push(fn);
      },
      shutdown: () => {
        shutDown = 1;
        ready = open = 0;
        paint();
        host.remove();
        windowListeners(1);
        listen(window, 'load', onLoad, 1);
        listen(document, 'DOMContentLoaded', mount, 1);
        unwrapHistory.map((unwrap) => unwrap());
        failAll('shut down');
        window.Ayuda == api && (window.Ayuda = resolved);
      },
    };
    // The public API: always a Promise, never a throw (unknown commands reject).
    const api = (command, ...args) =>
      new Promise((resolve) => {
        if (!commands[command]) throw failure('unknown command ' + command);
        resolve(shutDown || commands[command](...args));
      });

    // After the page's load: preload the panel at idle time when the tag asks for it (not
    // when the user saves data).
    const onLoad = guarded(() => {
      shutDown ||
        data.preload != 'idle' ||
        (navigator.connection || {}).saveData ||
        (window.requestIdleCallback || setTimeout)(guarded(createFrame), { timeout: 4e3 });
    });
    const mount = guarded(() => {
      shutDown || document.body.append(host);
    });

    if (shadow.adoptedStyleSheets) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } else shadow.appendChild(element('style')).textContent = css;

    if (hasLauncher) {
      launcher = shadow.appendChild(element('button'));
      launcher.type = 'button';
      launcher.className = 'l';
      launcher.setAttribute('aria-controls', 'ayuda-panel');
      icon = launcher.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
      icon.setAttribute('viewBox', '0 0 24 24');
      icon = icon.appendChild(document.createElementNS(icon.namespaceURI, 'path'));
      // The panel starts loading as soon as the user comes near the launcher.
      ['pointerenter', 'focus'].map((type) => listen(launcher, type, guarded(createFrame)));
      listen(launcher, 'click', () => api('toggle').catch(noop));
      paintLauncher(color || '#2563eb');
      color ||
        (configFetched = fetch(ayudaOrigin + `/api/v1/sites/${encode(site)}/config`, {
          credentials: 'omit',
        })
          .then((response) => response.ok && response.json())
          .then((config) => {
            siteConfig = config || null;
            config &&
              !color &&
              HEX_COLOR.test(config.brand_color) &&
              paintLauncher((color = config.brand_color));
          })
          .catch(noop));
    }
    listen(shadow, 'keydown', (event) => event.key == 'Escape' && open && api('close').catch(noop));
    windowListeners();
    api.ayuda = 1;
    window.Ayuda = api;
    document.body ? mount() : listen(document, 'DOMContentLoaded', mount);
    document.readyState == 'complete' ? onLoad() : listen(window, 'load', onLoad);
    paint();
    // Calls made before the loader arrived: `[args, resolve, reject]` from the documented
    // stub, or plain `arguments` objects.
    (queued && queued.q || []).map((call) => {
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
