// TinyKWS monitor dashboard. Plain JS, no dependencies, no build step.
// Everything from the device or the server goes into the page through textContent / attributes set
// from code, never through innerHTML, so a keyword like <img src=x onerror=alert(1)> shows as text.
'use strict';
(function () {
  const TIMELINE_ROWS = 200;      // rows kept in the timeline table
  const TIMELINE_POINTS = 2000;   // points kept for the chart
  const WINDOW_MS = 120000;       // chart: last 2 minutes
  const PROBE = 20000;            // arrival times kept for latency measurements (window.tinykwsProbe)
  const PALETTE = ['#2a6fdb', '#e8710a', '#1e8e3e', '#a142f4', '#d93025', '#12b5cb', '#f9ab00', '#5f6368'];

  const S = { hello: null, threshold: null, agg: null, health: null, points: [], review: new Map(), labels: [],
    token: null, tokenRequired: false, dirty: false };
  const probe = [];
  window.tinykwsProbe = probe;     // [{seq, kind, sent_us, at_ms}] for the latency harness
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
      }
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function colorOf(keyword) {
    let h = 0;
    for (let i = 0; i < keyword.length; i++) h = (h * 31 + keyword.charCodeAt(i)) >>> 0;
    return PALETTE[h % PALETTE.length];
  }
  function fmtTime(iso) { const d = new Date(iso); return isNaN(d) ? '' : d.toLocaleTimeString([], { hour12: false }); }
  function status(msg, isError) { const s = $('action-status'); s.textContent = msg; s.className = 'status' + (isError ? ' error' : ''); }

  // ---- token (needed when the dashboard is reachable from the network) ----
  (function readToken() {
    const m = /(?:^|[#&])token=([A-Za-z0-9_-]{8,128})/.exec(location.hash);
    if (m) { sessionStorage.setItem('tinykws-token', m[1]); history.replaceState(null, '', location.pathname); }
    S.token = sessionStorage.getItem('tinykws-token');
  })();

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (S.token) headers['X-TinyKWS-Token'] = S.token;
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin' });
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    if (!r.ok) throw new Error((data && data.error) || (r.status + ' ' + r.statusText));
    return data;
  }

  // ---- facts and health ----
  function dl(target, pairs) {
    clear(target);
    for (const [k, v] of pairs) target.append(el('dt', { text: k }), el('dd', { text: v }));
  }
  function renderHello() {
    const h = S.hello;
    if (!h) { dl($('hello'), [['HELLO', 'not seen yet (asked with INFO)']]); return; }
    dl($('hello'), [['firmware', h.firmware], ['model', h.model], ['frontend', h.frontend],
      ['sample rate', h.sample_rate + ' Hz'], ['threshold', S.threshold || h.threshold], ['labels', h.labels.join(', ')]]);
    const sel = $('record-keyword');
    const keep = sel.value;
    clear(sel);
    for (const l of h.labels) sel.append(el('option', { value: l, text: l }));
    if (h.labels.includes(keep)) sel.value = keep;
    else { const first = h.labels.find((l) => !l.startsWith('_')); if (first) sel.value = first; }
  }
  function renderHealth() {
    const h = S.health;
    if (!h) { dl($('health'), [['STAT', 'not seen yet']]); return; }
    const up = Math.floor(h.uptime_ms / 1000);
    dl($('health'), [['CPU load', (h.cpu_load_permille / 10).toFixed(1) + ' %'],
      ['inference', (h.infer_us / 1000).toFixed(2) + ' ms (max ' + (h.max_infer_us / 1000).toFixed(2) + ')'],
      ['free RAM', h.free_ram_bytes.toLocaleString() + ' B'], ['audio overruns', String(h.audio_overruns)],
      ['uptime', Math.floor(up / 3600) + 'h ' + Math.floor(up / 60) % 60 + 'm ' + up % 60 + 's'],
      ['last STAT', fmtTime(h.at)]]);
  }
  function renderAggregates() {
    const a = S.agg;
    if (!a) return;
    const l = a.lines;
    dl($('lines'), [['port', l.port], ['valid lines', l.ok.toLocaleString()], ['lost (seq gaps)', String(l.lost)],
      ['dropped', String(l.dropped)], ['bad checksum', String(l.bad_checksum)], ['garbage bytes', String(l.garbage_bytes)],
      ['malformed', String(l.malformed)], ['reconnects', String(l.reconnects)]]);
    const badge = $('link');
    badge.textContent = a.connected ? 'connected' : 'disconnected';
    badge.className = 'badge ' + (a.connected ? 'on' : 'off');
    if (a.threshold) S.threshold = a.threshold;
    $('threshold-now').textContent = S.threshold || '–';
    const tb = $('counts').tBodies[0];
    clear(tb);
    for (const [kw, c] of Object.entries(a.counts)) {
      const sw = el('span', { class: 'swatch' }, '■ ');
      sw.style.color = colorOf(kw);
      tb.append(el('tr', null, el('td', { class: 'kw' }, sw, kw), el('td', { text: String(c.det) }), el('td', { text: String(c.near) })));
    }
    if (a.review_pending !== undefined) $('review-pending').textContent = String(a.review_pending);
    S.dirty = true;
  }

  // ---- timeline ----
  function addEvent(ev, live) {
    if (live) probe.push({ seq: ev.seq, kind: ev.kind, t_ms: ev.t_ms, sent_us: ev.sent_us, at_ms: performance.timeOrigin + performance.now() });
    if (probe.length > PROBE) probe.splice(0, probe.length - PROBE);
    S.points.push({ at: Date.parse(ev.host_time), kind: ev.kind, keyword: ev.keyword, score: parseFloat(ev.score) });
    if (S.points.length > TIMELINE_POINTS) S.points.splice(0, S.points.length - TIMELINE_POINTS);
    const tb = $('timeline').tBodies[0];
    const row = el('tr', { class: 'ev ' + ev.kind, 'data-seq': String(ev.seq) },
      el('td', { text: fmtTime(ev.host_time) }), el('td', { text: ev.kind === 'det' ? 'detection' : 'near-miss' }),
      el('td', { class: 'kw', text: ev.keyword }), el('td', { text: ev.score }), el('td', { text: ev.t_ms + ' ms' }));
    tb.insertBefore(row, tb.firstChild);
    while (tb.rows.length > TIMELINE_ROWS) tb.deleteRow(tb.rows.length - 1);
    S.dirty = true;
  }

  // ---- charts (canvas, hand-drawn) ----
  function canvas(id) {
    const c = $(id);
    const ratio = window.devicePixelRatio || 1;
    const w = c.clientWidth || c.width, h = Math.round(w * c.height / c.width) || c.height;
    if (c.width !== Math.round(w * ratio)) { c.width = Math.round(w * ratio); c.height = Math.round(h * ratio); }
    const g = c.getContext('2d');
    g.setTransform(c.width / w, 0, 0, c.height / h, 0, 0);
    g.clearRect(0, 0, w, h);
    g.font = '11px system-ui, sans-serif';
    return { g, w, h };
  }
  function drawTimeline() {
    const { g, w, h } = canvas('timeline-chart');
    const L = 34, R = 8, T = 8, B = 18, now = Date.now();
    const x = (t) => L + (w - L - R) * (1 - (now - t) / WINDOW_MS);
    const y = (s) => T + (h - T - B) * (1 - s);
    axes(g, L, R, T, B, w, h, y);
    for (let s = 0; s <= 120; s += 30) {
      const label = s === 0 ? 'now' : '-' + s + 's', lw = g.measureText(label).width;
      g.fillStyle = '#69727d'; g.fillText(label, Math.min(x(now - s * 1000) - lw / 2, w - R - lw), h - 4);
    }
    threshold(g, L, w - R, y);
    for (const p of S.points) {
      if (now - p.at > WINDOW_MS) continue;
      g.beginPath(); g.arc(x(p.at), y(p.score), 3.5, 0, 2 * Math.PI);
      if (p.kind === 'det') { g.fillStyle = colorOf(p.keyword); g.fill(); } else { g.strokeStyle = colorOf(p.keyword); g.stroke(); }
    }
  }
  function axes(g, L, R, T, B, w, h, y) {
    g.strokeStyle = '#dde1e6'; g.fillStyle = '#69727d'; g.lineWidth = 1;
    for (let s = 0; s <= 1.0001; s += 0.25) {
      g.beginPath(); g.moveTo(L, y(s)); g.lineTo(w - R, y(s)); g.stroke();
      g.fillText(s.toFixed(2), 2, y(s) + 4);
    }
  }
  function threshold(g, x0, x1, y) {
    if (!S.threshold) return;
    const t = parseFloat(S.threshold);
    g.save(); g.strokeStyle = '#d93025'; g.setLineDash([5, 4]); g.lineWidth = 1.5;
    g.beginPath(); g.moveTo(x0, y(t)); g.lineTo(x1, y(t)); g.stroke(); g.restore();
  }
  function drawHistogram() {
    const { g, w, h } = canvas('histogram-chart');
    const a = S.agg;
    const L = 34, R = 8, T = 10, B = 20;
    const bins = a ? a.histogram.bins : 20;
    const det = a ? a.histogram.det : [], near = a ? a.histogram.near : [];
    let max = 1;
    for (let i = 0; i < bins; i++) max = Math.max(max, (det[i] || 0) + (near[i] || 0));
    const bw = (w - L - R) / bins, yv = (v) => h - B - (h - T - B) * v / max;
    g.strokeStyle = '#dde1e6'; g.fillStyle = '#69727d';
    g.beginPath(); g.moveTo(L, h - B); g.lineTo(w - R, h - B); g.stroke();
    g.fillText(String(max), 2, T + 8); g.fillText('0', 2, h - B);
    for (let s = 0; s <= 1.0001; s += 0.25) g.fillText(s.toFixed(2), L + s * (w - L - R) - 10, h - 5);
    for (let i = 0; i < bins; i++) {
      const d = det[i] || 0, n = near[i] || 0;
      g.fillStyle = '#9aa0a6'; g.fillRect(L + i * bw + 1, yv(n), bw - 2, h - B - yv(n));
      g.fillStyle = '#2a6fdb'; g.fillRect(L + i * bw + 1, yv(n + d), bw - 2, yv(n) - yv(n + d));
    }
    if (S.threshold) {
      const tx = L + parseFloat(S.threshold) * (w - L - R);
      g.save(); g.strokeStyle = '#d93025'; g.setLineDash([5, 4]); g.lineWidth = 1.5;
      g.beginPath(); g.moveTo(tx, T); g.lineTo(tx, h - B); g.stroke(); g.restore();
      const text = 'threshold ' + S.threshold, tw = g.measureText(text).width;
      g.fillStyle = '#d93025'; g.fillText(text, tx + 4 + tw > w - R ? tx - 4 - tw : tx + 4, T + 8);
    }
  }
  function drawHours() {
    const { g, w, h } = canvas('hours-chart');
    const hours = S.agg ? S.agg.hours.slice(-24) : [];
    const L = 34, R = 8, T = 8, B = 20;
    let max = 1;
    for (const e of hours) max = Math.max(max, Object.values(e.counts).reduce((s, v) => s + v, 0));
    g.strokeStyle = '#dde1e6'; g.fillStyle = '#69727d';
    g.beginPath(); g.moveTo(L, h - B); g.lineTo(w - R, h - B); g.stroke();
    g.fillText(String(max), 2, T + 8); g.fillText('0', 2, h - B);
    const bw = (w - L - R) / Math.max(hours.length, 6);
    hours.forEach((e, i) => {
      let base = h - B;
      for (const [kw, v] of Object.entries(e.counts)) {
        const bh = (h - T - B) * v / max;
        g.fillStyle = colorOf(kw); g.fillRect(L + i * bw + 2, base - bh, bw - 4, bh);
        base -= bh;
      }
      g.fillStyle = '#69727d'; g.fillText(e.hour.substring(11, 13) + 'h', L + i * bw + bw / 2 - 7, h - 5);
    });
  }
  function frame() {
    if (S.dirty || S.points.length) {
      S.dirty = false;
      drawTimeline(); drawHistogram(); drawHours();
    }
    setTimeout(() => requestAnimationFrame(frame), 250);
  }

  // ---- review ----
  function reviewItem(c) {
    const li = el('li', { 'data-id': c.id, class: c.label ? 'done' : '' });
    li.append(el('div', { class: 'what' }, el('b', { class: 'kw', text: c.keyword }),
      el('span', { text: c.kind === 'det' ? 'detection' : 'near-miss' }), el('span', { text: c.score }),
      el('small', { text: fmtTime(c.host_time) })));
    li.append(el('audio', { controls: '', preload: 'none', src: c.audio }));
    const verdict = el('div', { class: 'verdict' });
    const buttons = el('div', { class: 'buttons' });
    const right = el('button', { type: 'button', class: 'right', text: 'right' });
    right.title = 'it was "' + c.keyword + '"';
    right.disabled = !/^[A-Za-z0-9_-]{1,64}$/.test(c.keyword);
    right.addEventListener('click', () => label(c, c.keyword, li));
    const wrong = el('button', { type: 'button', class: 'wrong bad', text: 'wrong' });
    wrong.title = 'not a keyword (_unknown_)';
    wrong.addEventListener('click', () => label(c, '_unknown_', li));
    const other = el('select', { class: 'other', 'aria-label': 'another keyword' });
    other.append(el('option', { value: '', text: 'another keyword…' }));
    for (const l of S.labels) if (l !== c.keyword) other.append(el('option', { value: l, text: l }));
    other.addEventListener('change', () => { if (other.value) label(c, other.value, li); });
    buttons.append(right, wrong, other);
    li.append(buttons, verdict);
    if (c.label) verdict.textContent = 'labelled ' + c.label.label + ' by ' + c.label.by;
    return li;
  }
  async function label(c, value, li) {
    try {
      const r = await api('POST', '/api/review/label', { id: c.id, label: value });
      li.className = 'done';
      li.querySelector('.verdict').textContent = 'labelled ' + r.label.label + ' by ' + r.label.by;
      status('clip ' + c.id + ' labelled ' + r.label.label);
    } catch (e) { status('label not saved: ' + e.message, true); }
  }
  async function loadReview() {
    try {
      const r = await api('GET', '/api/review?limit=60');
      S.labels = r.labels;
      const ul = $('review-list');
      clear(ul);
      for (const c of r.pending) ul.append(reviewItem(c));
      $('review-pending').textContent = String(r.pending_count);
    } catch (e) { status('review queue: ' + e.message, true); }
  }
  function addReviewClip(c) {
    const ul = $('review-list');
    ul.insertBefore(reviewItem(c), ul.firstChild);
    while (ul.children.length > 60) ul.removeChild(ul.lastChild);
  }

  // ---- actions ----
  $('threshold-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = $('threshold-input').valueAsNumber;
    if (!(v >= 0 && v <= 1)) { status('threshold must be 0..1', true); return; }
    $('threshold-set').disabled = true;
    status('setting threshold ' + v.toFixed(3) + '…');
    try {
      const r = await api('POST', '/api/threshold', { value: v });
      S.threshold = r.value; status('threshold set to ' + r.value + ' (ACK from the device)'); S.dirty = true;
      $('threshold-now').textContent = r.value; renderHello();
    } catch (err) { status('threshold not set: ' + err.message, true); }
    $('threshold-set').disabled = false;
  });
  $('record-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await api('POST', '/api/record', { keyword: $('record-keyword').value,
        count: $('record-count').valueAsNumber, ms: $('record-ms').valueAsNumber });
      status('recording ' + r.count + ' clip(s) of ' + r.keyword + ' into ' + r.dataset);
    } catch (err) { status('recording not started: ' + err.message, true); }
  });
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    S.token = $('token-input').value.trim();
    sessionStorage.setItem('tinykws-token', S.token);
    status('token stored for this tab');
  });

  // ---- state and live events ----
  // The event stream opens first; events that arrive while the state loads are held back and applied
  // after it, minus those already in the state's timeline, so nothing is lost or shown twice.
  let loading = null;
  const held = [];
  const key = (ev) => ev.kind + '/' + ev.seq + '/' + ev.host_time;
  function liveEvent(ev) { if (loading) held.push(ev); else addEvent(ev, true); }

  async function loadState() {
    const st = await api('GET', '/api/state');
    S.hello = st.hello; S.health = st.health; S.agg = st; S.threshold = st.threshold || (st.hello && st.hello.threshold);
    S.tokenRequired = st.meta.token_required;
    $('token-form').hidden = !(S.tokenRequired && !S.token);
    const nav = $('pages');
    clear(nav);
    for (const p of st.meta.pages) {
      const a = el('a', { href: p.path, text: p.title });
      if (p.path === location.pathname) a.className = 'here';
      nav.append(a);
    }
    clear($('timeline').tBodies[0]);
    S.points = [];
    const seen = new Set();
    for (const ev of st.timeline) { addEvent(ev, false); seen.add(key(ev)); }
    return seen;
  }
  function reload() {
    if (loading) return loading;
    loading = loadState().then((seen) => {
      for (const ev of held.splice(0)) if (!seen.has(key(ev))) addEvent(ev, true);
      if (S.threshold && !$('threshold-input').value) $('threshold-input').value = S.threshold;
      renderHello(); renderHealth(); renderAggregates();
      loading = null;
    }, (e) => { loading = null; held.length = 0; status('cannot load the dashboard state: ' + e.message, true); throw e; });
    return loading;
  }
  function connect() {
    return new Promise((resolve) => {
      const es = new EventSource('/api/events');
      const on = (name, f) => es.addEventListener(name, (m) => { try { f(JSON.parse(m.data)); } catch (e) { console.warn(name, e); } });
      on('det', liveEvent);
      on('near', liveEvent);
      on('hello', (h) => { S.hello = h; S.threshold = h.threshold; renderHello(); loadReview(); S.dirty = true; });
      on('stat', (h) => { S.health = h; renderHealth(); });
      on('tick', (a) => { S.agg = a; renderAggregates(); });
      on('threshold', (t) => { S.threshold = t.value; $('threshold-now').textContent = t.value; renderHello(); S.dirty = true; });
      on('rec', (r) => status(r.message, r.state === 'failed'));
      on('review', (c) => { addReviewClip(c); });
      on('label', (c) => {
        const li = document.querySelector('#review-list li[data-id="' + CSS.escape(c.id) + '"]');
        if (li) { li.className = 'done'; li.querySelector('.verdict').textContent = 'labelled ' + c.label.label + ' by ' + c.label.by; }
      });
      on('link', (l) => { const b = $('link'); b.textContent = l.connected ? 'connected' : 'disconnected'; b.className = 'badge ' + (l.connected ? 'on' : 'off'); });
      on('device_error', (e) => status('device error ' + e.code + ': ' + e.message, true));
      let opened = false;
      es.addEventListener('open', () => {
        const first = !opened;
        opened = true;
        reload().then(() => { if (first) { loadReview(); resolve(); } }, () => { if (first) resolve(); });
      });
      es.addEventListener('error', () => { const b = $('link'); b.textContent = 'dashboard reconnecting…'; b.className = 'badge off'; });
    });
  }

  document.body.dataset.ready = 'false';
  connect().then(() => { document.body.dataset.ready = 'true'; });
  requestAnimationFrame(frame);
})();
