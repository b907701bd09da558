// hostile.html cannot run inline scripts (its CSP says script-src 'self' and the Ayuda origin),
// so the queue stub and the host's own buttons live here. Loaded before widget.js.
window.Ayuda = window.Ayuda || function () {
  var a = arguments;
  return new Promise(function (resolve, reject) { (window.Ayuda.q = window.Ayuda.q || []).push([a, resolve, reject]); });
};

// Every CSP violation on this page is kept, so a test (or you, in the console) can check that
// the widget needs nothing beyond the documented policy.
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});

document.addEventListener('DOMContentLoaded', function () {
  var count = 0;
  document.getElementById('host-button').addEventListener('click', function () {
    document.getElementById('host-counter').textContent = String(++count);
  });
  document.getElementById('open-help').addEventListener('click', function () {
    window.Ayuda('open').catch(function () {});
  });
});
