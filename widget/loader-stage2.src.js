/*! Ayuda loader, stage 2: widget/loader-stage2.src.js */
// The loader's second stage, readable; `cargo xtask loader` minifies it into
// `widget/loader-stage2.js`, which the server ships under a content-hashed URL
// (`/widget/loader-<hash>.js`). Stage 1 (`widget/loader.src.js`, the `/widget.js` every host
// page runs) imports it once the user comes near the launcher, on an API call that needs the
// panel, or at idle time with `data-preload="idle"`, and calls its default export with the
// state the two share.
//
// This stage adopts that state as stage 1 recorded it (locale, colour, context, user,
// listeners, config), then creates the panel: an iframe on the Ayuda origin that it talks to
// by `postMessage` with exact origin checks (widget/PROTOCOL.md). It moves focus into the panel
// and back, closes it on Escape, makes it a sheet over the visual viewport on phones, shows a
// friendly box with Retry when the frame does not load, keeps the unread badge, fires the
// `on(...)` events and watches SPA route changes. It never throws into the host page and
// stores nothing on the host.
//
// Its `look` export draws the site's own launcher (its `/config`): the text beside the icon, the
// logo in place of the icon, and the corner. Stage 1 imports this module for it as soon as the
// site has a text, a logo or the left corner, before any intent, without creating the panel.

// The default export has taken over: its `paint` names the launcher with the site's text.
let takenOver;

// The corner of the launcher and the panel: the tag's `data-position` wins, else the site's
// `position`, else right.
const corner = (widget, config) =>
  (widget.data.position || (config || {}).position) == 'left' ? 'left' : 'right';

// The site's launcher: stage 1's button, restyled. With a text it is a pill (the icon, then the
// text, cut with an ellipsis rather than ever wider than the screen) whose name starts with the
// text; with a logo the logo replaces the icon once it has loaded (it stays the icon if the logo
// fails). Open, it is the round close button again. Once drawn (the logo loaded or failed) the
// host element gets `data-look`.
export const look = (widget, config) =>
  new Promise((resolve) => {
    const done = () => resolve((widget.host.dataset.look = ''));
    const { shadow, origin, launcher } = widget;
    const text = typeof config.launcher_text == 'string' ? config.launcher_text.trim() : '';
    const logo = typeof config.logo_url == 'string' ? config.logo_url : '';
    const side = (widget.side = corner(widget, config));
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      `:host{left:auto!important;right:auto!important;${side}:20px!important;width:auto!important;max-width:calc(100vw - 40px)!important}` +
        `.l[data-t]{display:flex;align-items:center;justify-content:center;gap:8px;width:auto;max-width:calc(100vw - 40px);box-sizing:border-box;padding:0 20px 0 14px;border-radius:28px}` +
        `.l>*{flex:none}` +
        `.t{flex:0 1 auto;min-width:0;color:inherit;font:600 16px/20px system-ui,sans-serif;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}` +
        `.g{display:none;width:32px;height:32px;object-fit:contain}` +
        `.l[data-g] .g{display:block}.l[data-g] svg{display:none}` +
        `:host([data-state=open]) .l{width:56px;padding:0;border-radius:50%}` +
        `:host([data-state=open]) .l>:not(svg){display:none}:host([data-state=open]) .l svg{display:block}`,
    );
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    if (text) {
      const span = launcher.appendChild(document.createElement('span'));
      span.className = 't';
      span.dir = 'auto';
      // Text, never HTML; at most 40 characters, as the server allows.
      span.textContent = [...text].slice(0, 40).join('');
      launcher.dataset.t = '';
      widget.label = span.textContent + ', ';
      // Until the default export takes over, stage 1's paint draws the closed launcher.
      const paintClosed = widget.paint;
      takenOver ||
        (widget.paint = () => {
          paintClosed();
          launcher.ariaLabel = widget.label + launcher.ariaLabel;
        });
    }
    widget.paint();
    // Only an `https:` URL, or a path on the Ayuda origin (never the host page's); the server
    // checks the same.
    let url;
    try {
      url = new URL(logo, origin);
    } catch (e) {}
    if (!url || !(/^https:\/\//i.test(logo) || (logo[0] == '/' && url.origin == origin)))
      return done();
    const image = new Image();
    image.className = 'g';
    image.alt = ''; // the button has its name
    image.referrerPolicy = 'no-referrer';
    image.addEventListener('load', () => {
      launcher.dataset.g = '';
      done();
    });
    image.addEventListener('error', () => {
      image.remove();
      done();
    });
    launcher.firstChild.after(image);
    image.src = url.href;
  });

export default (widget) => {
  const { data, host, shadow, origin, launcher, listeners, commands } = widget;
  takenOver = 1;
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
  const element = (tag) => document.createElement(tag);
  const listen = (target, type, handler, remove) =>
    target && target[(remove ? 'remove' : 'add') + 'EventListener'](type, handler);
  const text = (value) => (value == null ? null : '' + value);
  const encode = encodeURIComponent;
  const spanish = () => /^es/i.test(widget.locale || navigator.language);

  let ready = 0; // the frame said `ready` and got `init`
  let lastId = 0; // ids of messages that want an `ack`
  let pending = []; // messages for the frame, until it is ready
  let awaiting = {}; // id → [resolve, reject] of messages waiting for their `ack`
  let frame; // the iframe, once created
  let seenReady; // the first `ready` arrived (for the timing mark)
  let shutDown;
  let focusBeforeOpen; // where focus goes back on close when there is no launcher
  let routeTimer;
  let errorBox;
  let side; // the corner the panel's sheet is drawn for

  const viewport = window.visualViewport;
  const narrow = window.matchMedia('(max-width:480px)');
  const icon = launcher && launcher.querySelector('path');

  // The panel's sheet, beside stage 1's launcher sheet in the same shadow root: the badge,
  // the launcher's hover, the iframe and the error box. Drawn for the widget's corner, and
  // again when the site's look moves it.
  const sheet = new CSSStyleSheet();
  const place = () => {
    const now = (widget.side = widget.side || corner(widget));
    if (now == side) return;
    side = now;
    sheet.replaceSync(
      `.l:not([data-u="0"])::after{content:attr(data-u);position:absolute;top:-4px;${side}:-4px;min-width:10px;padding:0 5px;border-radius:10px;background:#d11;color:#fff;font:700 12px/20px sans-serif;text-align:center}` +
        `@media(prefers-reduced-motion:no-preference){.l{transition:transform .15s}.l:hover{transform:scale(1.07)}}` +
        `iframe,.e{display:none;position:fixed;bottom:88px;${side}:20px;width:400px;max-width:calc(100vw - 40px);height:min(680px,100vh - 108px);border-radius:16px;background:#fff;box-shadow:0 4px 16px #0006}` +
        `:host([data-state=open]) :is(iframe,.e){display:block}` +
        `.e{width:auto;height:auto;padding:16px;font:15px sans-serif;color:#111}` +
        `.e button{display:block;margin-top:12px;padding:8px 16px;border-radius:8px;background:#111;color:#fff;font:inherit;cursor:pointer}` +
        // On a phone the panel is a sheet; its box is set from the visual viewport
        // (`followViewport`), and the launcher is hidden under it.
        `:host([data-sheet]) iframe{right:auto;bottom:auto;max-width:none;border-radius:0}:host([data-sheet]) .l{display:none}`,
    );
  };
  place();
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];

  // What stage 1 recorded as the host passed it, normalised: only the known fields, as text.
  const adoptContext = () => {
    const { route, tags, appVersion } = widget.context;
    widget.context = {
      url: location.href,
      route: text(route),
      tags: [].concat(tags || []).map(String),
      appVersion: text(appVersion),
    };
  };
  const adoptUser = () => {
    const who = widget.user;
    const user = (widget.user = {});
    ['userId', 'userHash', 'name', 'email', 'company'].map(
      (key) => key in who && (user[key] = text(who[key])),
    );
  };

  const post = (message) => {
    try {
      message.ayuda = 1;
      frame.contentWindow.postMessage(message, origin);
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
    const sheet =
      widget.open && frame && (narrow.matches || viewport.width * viewport.scale <= 480);
    host.toggleAttribute('data-sheet', !!sheet);
    frame &&
      (frame.style.cssText = sheet
        ? `left:${viewport.offsetLeft}px;top:${viewport.offsetTop}px;width:${viewport.width}px;height:${viewport.height}px`
        : '');
  });

  // Draws the state: open or closed, the launcher's label, icon and badge, the panel. It
  // replaces stage 1's, which draws the closed launcher only.
  const paint = () => {
    const { open, unread } = widget;
    const es = spanish();
    place();
    host.dataset.state = open ? 'open' : 'closed';
    if (launcher) {
      launcher.ariaExpanded = !!open;
      // Closed, the name starts with the site's text (the words on the button).
      launcher.ariaLabel =
        (open
          ? es
            ? 'Cerrar ayuda'
            : 'Close help'
          : (widget.label || '') + (es ? 'Abrir ayuda' : 'Open help')) +
        (unread ? ` (${unread} ${es ? 'sin leer' : 'unread'})` : '');
      launcher.dataset.u = unread;
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
      origin +
      `/widget/frame.html?site=${encode(data.site)}&parent=${encode(location.origin)}` +
      (widget.locale ? '&locale=' + widget.locale : '') +
      (widget.color ? '&color=%23' + widget.color.slice(1) : '');
    shadow.append(frame);
    launcher && launcher.setAttribute('aria-controls', frame.id);
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
        listen(
          errorBox.appendChild(element('button')),
          'click',
          guarded(() => openPanel().catch(noop)),
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
    if (!widget.open) {
      focusBeforeOpen = document.activeElement;
      widget.open = 1;
      paint();
      fire('open');
    }
    frame.focus();
    return send('open', {}, 1).then(() => mark('open'));
  };

  const closePanel = () => {
    if (widget.open) {
      const focusInside = document.activeElement == host;
      const focusTarget = launcher || focusBeforeOpen;
      widget.open = 0;
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
    if (!(frame && event.origin == origin && event.source == frame.contentWindow && message.ayuda === 1))
      return;
    if (type == 'ready') {
      seenReady || mark('panel-ready');
      seenReady = 1;
      // `init` waits for stage 1's own config request, to hand its answer over.
      Promise.resolve(widget.config).then(
        guarded((config) => {
          if (!frame) return;
          ready = 1;
          post({
            type: 'init',
            locale: widget.locale,
            color: widget.color,
            context: widget.context,
            user: widget.user || null,
            config: config || null,
          });
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
      widget.unread = message.count >>> 0;
      paint();
      fire(type, widget.unread);
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
          if (location.href != widget.context.url) {
            widget.context.url = location.href;
            ready && post({ type: 'context', context: widget.context });
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

  // Stage 1's commands record the state; these wrap them to tell the frame, and take over the
  // ones that need the panel.
  const recorded = { ...commands };
  Object.assign(commands, {
    open: openPanel,
    close: closePanel,
    toggle: () => (widget.open ? closePanel() : openPanel()),
    search: (query) => openPanel().then(() => send('search', { text: text(query) || '' }, 1)),
    article: (slug) => openPanel().then(() => send('article', { slug: '' + slug }, 1)),
    setContext: (changes) => {
      recorded.setContext(changes);
      adoptContext();
      return send('context', { context: widget.context });
    },
    identify: (who) => {
      recorded.identify(who);
      adoptUser();
      return send('identify', { user: widget.user });
    },
    setLocale: (code) => {
      recorded.setLocale(code);
      return send('locale', { locale: code });
    },
    shutdown: () => {
      shutDown = 1;
      ready = widget.open = 0;
      paint();
      windowListeners(1);
      unwrapHistory.map((unwrap) => unwrap());
      failAll('shut down');
      recorded.shutdown();
    },
  });
  adoptContext();
  widget.user && adoptUser();
  widget.paint = paint;
  // Without a launcher stage 1 asks for nothing: the site's corner still places the panel, and
  // the frame gets this answer in `init` instead of asking again.
  widget.config ||
    (widget.config = fetch(origin + `/api/v1/sites/${encode(data.site)}/config`)
      .then((response) => response.ok && response.json())
      .then((config) => {
        widget.side = corner(widget, config);
        paint();
        return config;
      })
      .catch(noop));
  listen(
    shadow,
    'keydown',
    guarded((event) => event.key == 'Escape' && widget.open && closePanel().catch(noop)),
  );
  windowListeners();
  // Stage 2 is loaded on intent: the panel starts loading now.
  createFrame();
};
