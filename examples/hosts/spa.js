// Facturo as a single-page app: it routes with history.pushState (back and forward through
// popstate), filters one list with a hash link, and tells Ayuda where the user is on every route
// with Ayuda('setContext', …). The "Ayuda" card exercises the whole JS API; widget events are
// written into <output id="events"> so end-to-end tests can read them from the DOM.
'use strict';

// The article the "Artículo" button opens and the text the "Buscar" button searches for.
const ARTICLE_SLUG = 'crear-una-factura';
const SEARCH_TEXT = 'factura';

// URL path → route name (what Ayuda's contextual suggestions match on), title, tags, content.
const ROUTES = {
  '/dashboard': { name: 'dashboard', title: 'Panel', tags: ['panel', 'inicio'],
    html: '<p>Facturado este mes: <strong>6.655,00 €</strong>. Pendiente de cobro: <strong>5.445,00 €</strong>.</p>' },
  '/invoices': { name: 'invoices.list', title: 'Facturas', tags: ['facturas'],
    html: '<p><a href="#vencidas" id="overdue-link">Ver solo las vencidas</a></p>' +
      '<table><thead><tr><th>Número</th><th>Cliente</th><th>Importe</th><th>Estado</th></tr></thead><tbody>' +
      '<tr><td>2024-0142</td><td>Panadería Lucía</td><td>1.210,00 €</td><td>Pagada</td></tr>' +
      '<tr><td>2024-0144</td><td>Clínica Norte</td><td>605,00 €</td><td>Vencida</td></tr></tbody></table>' },
  '/invoices/new': { name: 'invoices.new', title: 'Nueva factura', tags: ['facturas', 'crear'],
    html: '<label for="invoice-client">Cliente</label><input id="invoice-client">' +
      '<label for="invoice-amount">Importe</label><input id="invoice-amount" inputmode="decimal">' +
      '<p><button type="button" class="primary">Guardar borrador</button></p>' },
  '/clients': { name: 'clients.list', title: 'Clientes', tags: ['clientes'],
    html: '<p>Panadería Lucía · Construcciones Díaz · Clínica Norte</p>' },
  '/payments': { name: 'payments.list', title: 'Pagos', tags: ['pagos', 'cobros'],
    html: '<p>Último cobro: 1.210,00 € de Panadería Lucía (transferencia).</p>' },
  '/settings/security': { name: 'settings.security', title: 'Seguridad', tags: ['seguridad', 'contraseña', '2fa'],
    html: '<p>Verificación en dos pasos: <strong>desactivada</strong>.</p>' },
  '/settings/team': { name: 'settings.team', title: 'Equipo', tags: ['equipo', 'usuarios', 'roles'],
    html: '<p>3 personas en el equipo.</p>' },
  '/integrations': { name: 'integrations', title: 'Integraciones', tags: ['integraciones'],
    html: '<p>Banco, pasarela de pago y gestoría.</p>' },
};
const HOME = '/dashboard';

const $ = (id) => document.getElementById(id);

// Anything the widget reports (events, results of API calls) becomes one line in the page.
function logEvent(name, detail) {
  const line = document.createElement('span');
  line.className = 'event';
  line.dataset.event = name;
  if (detail && detail.slug) line.dataset.slug = detail.slug;
  if (detail && detail.query != null) line.dataset.query = detail.query;
  line.textContent = name + (detail === undefined ? '' : ' ' + JSON.stringify(detail));
  $('events').appendChild(line);
}

function showResult(command, promise) {
  $('api-result').textContent = command + ': …';
  promise.then(
    () => { $('api-result').textContent = command + ': ok'; },
    (error) => { $('api-result').textContent = command + ': error: ' + (error && error.message); },
  );
}

function render() {
  let path = location.pathname.replace(/\/+$/, '') || '/';
  if (!ROUTES[path]) {
    // "/" and "/spa.html" (or a mistyped path) land on the dashboard.
    path = HOME;
    history.replaceState(null, '', HOME + location.search + location.hash);
  }
  const route = ROUTES[path];
  const overdue = path === '/invoices' && location.hash === '#vencidas';
  document.title = route.title + ' — Facturo';
  $('page-title').textContent = overdue ? 'Facturas vencidas' : route.title;
  $('route-name').textContent = route.name;
  $('view').innerHTML = route.html;
  for (const link of document.querySelectorAll('.sidebar a')) {
    if (link.getAttribute('href') === path) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const tags = overdue ? route.tags.concat('vencidas') : route.tags;
  Ayuda('setContext', { route: route.name, tags, appVersion: '2.4.0' }).catch(() => {});
}

function navigate(path) {
  if (path === location.pathname && !location.hash) return;
  history.pushState(null, '', path);
  render();
}

// In-app links: plain left clicks route in place; modified clicks open a new tab as usual.
document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('a[data-link]');
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', render);
window.addEventListener('hashchange', render);

// The help card: one button per JS API command.
const COMMANDS = {
  'help-open': ['open'],
  'help-close': ['close'],
  'help-toggle': ['toggle'],
  'help-search': ['search', SEARCH_TEXT],
  'help-article': ['article', ARTICLE_SLUG],
  'help-locale-es': ['setLocale', 'es'],
  'help-locale-en': ['setLocale', 'en'],
  'help-shutdown': ['shutdown'],
  // The host app's backend signs its user id with the site secret; the example server plays
  // that backend and fills in the hash for this demo user.
  'help-identify': ['identify', {
    userId: 'demo-user-1',
    userHash: '__AYUDA_DEMO_USER_HASH__',
    name: 'Lucía Demo',
    email: 'lucia@example.com',
    company: 'Facturo Demo SL',
  }],
};
for (const [id, args] of Object.entries(COMMANDS)) {
  $(id).addEventListener('click', () => showResult(args.join(' '), Ayuda(...args)));
}

let count = 0;
$('host-button').addEventListener('click', () => { $('host-counter').textContent = String(++count); });

// Listeners registered before the loader runs are queued by the stub, like any other call.
for (const name of ['open', 'close', 'search', 'article']) {
  Ayuda('on', name, (detail) => logEvent(name, detail)).catch(() => {});
}
render();
