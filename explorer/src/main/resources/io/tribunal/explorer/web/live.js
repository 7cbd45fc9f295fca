// Tribunal explorer: live updates. On every new block (server-sent events from /events) the page's
// main content is fetched again and swapped in; countdowns tick every second from chain time.
(function () {
  'use strict';
  var main = document.getElementById('main');
  var status = document.getElementById('live');
  var loaded = Date.now();

  function chainNow() {
    var clock = document.getElementById('clock');
    var t = clock ? Number(clock.getAttribute('data-chain-time')) : 0;
    return t + Math.floor((Date.now() - loaded) / 1000);
  }

  function duration(s) {
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    if (d > 0) { return d + 'd ' + h + 'h'; }
    if (h > 0) { return h + 'h ' + m + 'm'; }
    return m > 0 ? m + 'm ' + (s % 60) + 's' : s + 's';
  }

  function tick() {
    var now = chainNow();
    var items = document.querySelectorAll('.countdown');
    for (var i = 0; i < items.length; i++) {
      var left = Number(items[i].getAttribute('data-deadline')) - now;
      items[i].textContent = left > 0 ? 'in ' + duration(left) : 'passed ' + duration(-left) + ' ago';
    }
  }

  // what the page says, without what moves on every block: its clock and the countdowns' text
  var last = null;
  function content(html) {
    return html.replace(/<div id="clock"[^>]*><\/div>/, '')
      .replace(/(<span class="countdown"[^>]*>)[^<]*(<\/span>)/g, '$1$2');
  }

  function refresh(head) {
    fetch(location.href, { headers: { 'X-Explorer-Fragment': '1' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        document.getElementById('head').textContent = head;
        loaded = Date.now();
        var same = last !== null && content(html) === content(last);
        last = html;
        if (same) {
          // nothing on this page changed: keep the reader's focus and scroll, move the clock only
          var fresh = document.createElement('div');
          fresh.innerHTML = html;
          var clock = fresh.querySelector('#clock');
          if (clock) { document.getElementById('clock').replaceWith(clock); }
        } else {
          main.innerHTML = html;
          status.textContent = 'updated at block ' + head;
        }
        tick();
      })
      .catch(function () { status.textContent = 'update failed; retrying on the next block'; });
  }

  // One stream per page, closed when the page is left: a browser keeps at most six connections
  // per server over HTTP/1.1, and a stream left open by a hidden page would hold one of them.
  var events = null;
  function connect() {
    if (!window.EventSource || events) { return; }
    events = new EventSource('/events');
    events.addEventListener('block', function (e) { refresh(JSON.parse(e.data).head); });
  }
  window.addEventListener('pagehide', function () {
    if (events) { events.close(); events = null; }
  });
  window.addEventListener('pageshow', function () { connect(); });
  connect();
  setInterval(tick, 1000);
})();
