/* kb status banner (Docs/feedback-and-status.md): reads the Statuspage v2 status.json named by the page's
   #kb-status region and, while an incident is open, shows its description as text. Anything that goes wrong
   (no answer within 3 s, an error, a body of another shape, CORS) shows nothing. The region's data-state
   ends as "incident", "clear" or "failed". */
(function () {
  'use strict';
  var region = document.getElementById('kb-status');
  if (!region || !window.fetch || !window.AbortController) return;
  var control = new AbortController();
  var timer = setTimeout(function () { control.abort(); }, 3000);
  fetch(region.getAttribute('data-api'), { cache: 'no-store', credentials: 'omit', signal: control.signal })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      clearTimeout(timer);
      var status = data && data.status;
      var level = status && status.indicator;
      var incident = ['minor', 'major', 'critical'].indexOf(level) >= 0 && typeof status.description === 'string';
      region.setAttribute('data-state', incident ? 'incident' : level === 'none' ? 'clear' : 'failed');
      if (!incident) return;
      var banner = document.createElement('p');
      banner.className = 'status-banner status-' + level;
      var label = document.createElement('strong');
      label.textContent = region.getAttribute('data-label') + ' ';
      banner.appendChild(label);
      banner.appendChild(document.createTextNode(status.description.slice(0, 280)));
      var page = region.getAttribute('data-page');
      if (page) {
        var link = document.createElement('a');
        link.href = page;
        link.textContent = region.getAttribute('data-link');
        banner.appendChild(document.createTextNode(' '));
        banner.appendChild(link);
      }
      region.appendChild(banner);
    })
    .catch(function () { clearTimeout(timer); region.setAttribute('data-state', 'failed'); });
})();
