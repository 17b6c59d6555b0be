(function () {
  'use strict';
  // Everything shown from the data goes through textContent, never innerHTML: source names and error messages are untrusted.
  var data = JSON.parse(document.getElementById('landfall-data').textContent);
  var grid = document.getElementById('grid');
  var wrap = document.getElementById('grid-wrap');
  var panel = document.getElementById('details');
  var panelTitle = document.getElementById('details-title');
  var panelBody = document.getElementById('details-body');
  var filter = document.getElementById('source-filter');
  var selected = null;
  var ObjectsShown = 100;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function bytes(n) {
    if (n === null || n === undefined) { return '\u2013'; }
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var v = n, u = 0;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return u === 0 ? n + ' B' : v.toFixed(1) + ' ' + units[u];
  }

  function duration(ms) {
    if (ms === null || ms === undefined) { return '\u2013'; }
    if (ms < 1000) { return ms + ' ms'; }
    if (ms < 60000) { return (ms / 1000).toFixed(1) + ' s'; }
    var s = Math.round(ms / 1000);
    return Math.floor(s / 3600) + ':' + String(Math.floor(s / 60) % 60).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0');
  }

  function instant(s) { return s ? s.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '\u2013'; }

  function fact(dl, name, value, mono) {
    if (value === null || value === undefined || value === '') { return; }
    dl.appendChild(el('dt', null, name));
    var dd = el('dd', mono ? 'mono' : null, value);
    dl.appendChild(dd);
  }

  function extraText(extra) {
    if (!extra) { return ''; }
    return Object.keys(extra).map(function (k) {
      var v = extra[k];
      return k + '=' + (typeof v === 'string' ? v : JSON.stringify(v));
    }).join(', ');
  }

  function verdict(status, trail, date, source) {
    var latest = trail[0];
    var olderSuccess = trail.slice(1).some(function (m) { return m.readable && m.status === 'success'; });
    var older = olderSuccess ? ' An older manifest of this date is a success, but only the latest one decides.' : '';
    switch (status) {
      case 'success':
        return 'Ingested: the latest manifest is a success (' + latest.objects + ' object(s), ' + bytes(latest.bytes) + ').';
      case 'superseding':
        return 'Re-ingested: the latest success replaced an earlier success' +
          (latest.supersedes ? ' (run ' + latest.supersedes.run_id + ', with --force)' : '') +
          '; the earlier manifest and its data stay in the lake and in this trail.';
      case 'reconciled':
        return 'Re-ingested after reconcile: the source changed after this date succeeded (run ' +
          (latest.supersedes ? latest.supersedes.run_id : '?') + '), and the latest success records the drift it found' +
          '; the earlier manifest and its data stay in the lake and in this trail.';
      case 'empty':
        return 'Ingested with nothing to land: the latest manifest is a success with zero objects, recorded as empty (allow_empty).';
      case 'failed':
        return 'Not done: the latest manifest says "' + latest.status + '"; the next run redoes this date.' + older;
      case 'corrupt':
        return 'Not done: the latest manifest could not be read (' + latest.reason + '); the runner passes over it and redoes this date.' + older;
      default:
        if (source.start_date && date < source.start_date) { return 'No manifest: the date is before the source\u2019s start date (' + source.start_date + ').'; }
        if (date > data.last_complete_date) { return 'No manifest yet: the date is after the last complete business date (' + data.last_complete_date + ').'; }
        return 'Never ingested: no manifest for this date.';
    }
  }

  function objectRow(o) {
    var row = el('div', 'obj');
    row.dataset.key = o.key;
    row.appendChild(el('div', 'k mono', o.key));
    var meta = row.appendChild(el('div', 'meta'));
    var size = meta.appendChild(el('span', null, bytes(o.bytes)));
    size.title = o.bytes + ' bytes';
    if (o.rows !== null && o.rows !== undefined) { meta.appendChild(el('span', null, o.rows + ' rows')); }
    var sha = meta.appendChild(el('span', null, 'sha256 '));
    sha.appendChild(el('code', 'hash', o.sha256 || '\u2013'));
    if (o.etag) {
      var etag = meta.appendChild(el('span', null, 'etag '));
      etag.appendChild(el('code', 'hash', o.etag));
    }
    var src = [o.source_path, o.source_modified_at ? 'modified ' + instant(o.source_modified_at) : null, extraText(o.extra)]
      .filter(Boolean).join(' \u00b7 ');
    if (src) { row.appendChild(el('div', 'src mono', 'from ' + src)); }
    return row;
  }

  function objectList(items, all) {
    var box = el('div', 'objects');
    var shown = all ? items.length : Math.min(items.length, ObjectsShown);
    for (var i = 0; i < shown; i++) { box.appendChild(objectRow(items[i])); }
    if (shown < items.length) {
      var more = el('button', 'more', 'Show all ' + items.length + ' objects');
      more.type = 'button';
      more.addEventListener('click', function () { box.replaceWith(objectList(items, true)); });
      box.appendChild(more);
    }
    return box;
  }

  function manifestCard(m, index) {
    var card = el('article', 'manifest' + (index === 0 ? ' latest' : ''));
    card.dataset.runId = m.run_id;
    card.dataset.status = m.readable ? m.status : 'unreadable';
    var title = card.appendChild(el('div', 'title'));
    title.appendChild(el('span', 'n', '#' + (index + 1)));
    if (index === 0) { title.appendChild(el('span', 'pill latest', 'latest')); }
    title.appendChild(el('span', 'pill ' + (m.readable ? (m.status === 'success' ? 'success' : 'failed') : 'unreadable'),
      m.readable ? m.status : 'unreadable: ' + m.reason));
    title.appendChild(el('code', 'run-id', m.run_id));

    var dl = card.appendChild(el('dl', 'facts'));
    fact(dl, 'Started', instant(m.started_at));
    fact(dl, 'Ended', instant(m.ended_at));
    fact(dl, 'Duration', duration(m.duration_ms));
    fact(dl, 'Written', instant(m.last_modified));
    if (m.readable) { fact(dl, 'Landed', m.objects + ' object(s), ' + bytes(m.bytes)); }
    fact(dl, 'Host', m.host);
    fact(dl, 'Landfall', m.landfall_version);
    fact(dl, 'Problem', m.problem);
    if (m.supersedes) { fact(dl, 'Supersedes', m.supersedes.run_id + ' (' + m.supersedes.key + ')', true); }
    fact(dl, 'Re-ingested because', m.reingest_reason);
    (m.passed_over || []).forEach(function (p) { fact(dl, 'Passed over', p.key + ' (' + p.reason + ')', true); });
    if (m.entities_not_run && m.entities_not_run.length) { fact(dl, 'Not run', m.entities_not_run.join(', ')); }
    fact(dl, 'Manifest', m.key, true);

    if (m.errors && m.errors.length) {
      var ul = card.appendChild(el('ul', 'errors'));
      m.errors.forEach(function (e) {
        ul.appendChild(el('li', null, (e.entity ? e.entity + ': ' : '') + e.type + ': ' + e.message));
      });
    }
    if (m.warnings && m.warnings.length) {
      var wl = card.appendChild(el('ul', 'errors warnings'));
      m.warnings.forEach(function (w) {
        wl.appendChild(el('li', null, 'warning: ' + (w.entity ? w.entity + ': ' : '') + w.type + ': ' + w.message));
      });
    }
    (m.outputs || []).forEach(function (o) {
      var h = el('h4', null, o.entity + ' \u2014 ' + o.objects + ' object(s), ' + bytes(o.bytes) +
        (o.rows === null || o.rows === undefined ? '' : ', ' + o.rows + ' rows') + (o.empty ? ', empty (allowed)' : ''));
      card.appendChild(h);
      if (o.extra) { card.appendChild(el('div', 'mono', extraText(o.extra))); }
      if (o.items.length) { card.appendChild(objectList(o.items, false)); }
      if (o.items_not_listed) {
        card.appendChild(el('p', 'not-listed', o.items_not_listed + ' more object(s) not listed: the report keeps ' +
          data.objects_per_entity + ' per entity (landfall report --objects-per-entity). The manifest ' + m.key + ' lists them all.'));
      }
    });
    return card;
  }

  function show(td) {
    if (selected) { selected.classList.remove('sel'); }
    selected = td;
    td.classList.add('sel');
    var source = data.sources[Number(td.parentNode.dataset.index)];
    var date = td.dataset.date;
    var status = td.dataset.status;
    var trail = source.trails[date] || [];
    panel.dataset.source = source.name;
    panel.dataset.date = date;
    panel.dataset.status = status;
    panelTitle.textContent = '';
    panelTitle.appendChild(el('span', null, source.name + ' \u00b7 ' + date + ' '));
    panelTitle.appendChild(el('span', 'pill status-' + status + (status === 'success' ? ' success' : status === 'failed' ? ' failed' : ''),
      data.labels[status]));
    panelBody.textContent = '';
    panelBody.appendChild(el('p', 'verdict', verdict(status, trail, date, source)));
    if (trail.length) {
      panelBody.appendChild(el('p', 'hint', trail.length + ' manifest(s), newest first; the first one decides the date.'));
    }
    var list = panelBody.appendChild(el('div', 'trail'));
    trail.forEach(function (m, i) { list.appendChild(manifestCard(m, i)); });
    panel.hidden = false;
    document.body.classList.add('with-details');
    if (history.replaceState) { history.replaceState(null, '', '#' + encodeURIComponent(source.name) + '/' + date); }
  }

  // A link to a cell: report.html#SOURCE/YYYY-MM-DD opens its trail.
  function openFromHash() {
    var m = /^#(.*)\/(\d{4}-\d{2}-\d{2})$/.exec(location.hash);
    if (!m) { return; }
    var name;
    try { name = decodeURIComponent(m[1]); } catch (e) { return; }
    var rows = grid.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      if (data.sources[i].name !== name) { continue; }
      var td = rows[i].querySelector('td[data-date="' + m[2] + '"]');
      if (td) { show(td); td.scrollIntoView({ block: 'nearest', inline: 'center' }); }
      return;
    }
  }

  function close() {
    panel.hidden = true;
    document.body.classList.remove('with-details');
    if (history.replaceState) { history.replaceState(null, '', location.pathname + location.search); }
    if (selected) { selected.classList.remove('sel'); }
    selected = null;
  }

  grid.addEventListener('click', function (e) {
    var td = e.target.closest('td');
    if (td && grid.contains(td)) { show(td); }
  });
  document.getElementById('details-close').addEventListener('click', close);

  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { close(); return; }
    if (!selected || e.target === filter) { return; }
    var row = selected.parentNode, next = null;
    if (e.key === 'ArrowLeft') { next = selected.previousElementSibling; }
    if (e.key === 'ArrowRight') { next = selected.nextElementSibling; }
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      var other = e.key === 'ArrowUp' ? row.previousElementSibling : row.nextElementSibling;
      while (other && other.hidden) { other = e.key === 'ArrowUp' ? other.previousElementSibling : other.nextElementSibling; }
      if (other) { next = other.children[selected.cellIndex]; }
    }
    if (next && next.tagName === 'TD') {
      e.preventDefault();
      show(next);
      next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  });

  filter.addEventListener('input', function () {
    var q = filter.value.toLowerCase();
    var rows = grid.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = q !== '' && data.sources[i].name.toLowerCase().indexOf(q) < 0;
    }
  });

  // Open on the newest dates, where an operator looks first (the complete-through date stays marked in the grid).
  wrap.scrollLeft = wrap.scrollWidth;
  window.addEventListener('hashchange', openFromHash);
  openFromHash();
  document.documentElement.dataset.ready = 'true';
})();
