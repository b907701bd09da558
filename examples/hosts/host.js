// The host page's own behaviour, shared by index.html and plain.html: a counter button (tests
// check that the host page keeps working with the widget on it) and a button of its own that
// opens the help panel through the JS API.
(function () {
  var button = document.getElementById('host-button');
  var counter = document.getElementById('host-counter');
  if (button && counter) {
    button.addEventListener('click', function () {
      counter.textContent = String(Number(counter.textContent) + 1);
    });
  }
  var openHelp = document.getElementById('open-help');
  if (openHelp) {
    openHelp.addEventListener('click', function () {
      // The loader is async: before it runs there is no window.Ayuda on this page (no stub).
      if (window.Ayuda) window.Ayuda('open').catch(function () {});
    });
  }
})();
