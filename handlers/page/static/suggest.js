// Search-as-you-type for the needs search box: titles from
// /api/v1/suggest in the page's language, offered through a native
// <datalist>, which browsers make keyboard- and screen-reader-accessible.
// The page works the same without this script.
(function () {
  "use strict";
  var input = document.getElementById("q");
  if (!input || !window.fetch || !window.AbortController || !/\/needs\/?$/.test(location.pathname)) {
    return;
  }
  var lang = document.documentElement.lang || "en";
  var list = document.createElement("datalist");
  list.id = "q-suggestions";
  input.parentNode.insertBefore(list, input.nextSibling);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");

  var timer = 0;
  var last = input.value.trim();
  var pending = null;

  function show(items) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    items.forEach(function (it) {
      var option = document.createElement("option");
      option.value = it.title;
      option.label = it.ref;
      list.appendChild(option);
    });
  }

  function update() {
    var q = input.value.trim();
    if (q === last) {
      return;
    }
    last = q;
    if (pending) {
      pending.abort();
    }
    if (q.length < 2) {
      show([]);
      return;
    }
    pending = new AbortController();
    var url = "/api/v1/suggest?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q);
    fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : { items: [] }; })
      .then(function (data) { show(data.items || []); })
      .catch(function () { /* aborted or offline: keep the plain search box */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
})();

// Destructive staff forms (form[data-confirm]) ask once more in a dialog
// before they are sent; without script the form's required confirmation
// checkbox (checked by the server) is the only step.
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f && f.getAttribute && f.getAttribute("data-confirm") && !window.confirm(f.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
})();
