'use strict';
// The fleet view. Everything from devices is inserted with textContent, never as HTML.
(function () {
  const $ = (id) => document.getElementById(id);
  let selected = null;

  function cell(tr, text) {
    const td = document.createElement('td');
    td.textContent = text === undefined || text === null ? '' : String(text);
    tr.appendChild(td);
    return td;
  }
  function fact(dl, k, v) {
    const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = v === undefined || v === null ? '–' : String(v);
    dl.appendChild(dt); dl.appendChild(dd);
  }
  function ago(us, nowUs) {
    if (!us) return '–';
    const s = Math.max(0, Math.round((nowUs - us) / 1e6));
    return s < 120 ? s + ' s ago' : Math.round(s / 60) + ' min ago';
  }
  function status(d) {
    return d.online === true ? 'online' : d.online === false ? 'offline' : 'unknown';
  }

  function renderFleet(f) {
    $('broker').textContent = f.broker;
    const link = $('link');
    link.textContent = f.connected ? 'broker connected' : 'broker not connected';
    link.className = 'badge ' + (f.connected ? 'on' : 'off');
    const on = f.devices.filter((d) => d.online === true).length;
    $('summary').textContent = f.devices.length + ' device(s), ' + on + ' online';
    const body = $('fleet').tBodies[0];
    body.replaceChildren();
    for (const d of f.devices) {
      const tr = document.createElement('tr');
      const name = cell(tr, '');
      const a = document.createElement('a');
      a.href = '#device=' + encodeURIComponent(d.device);
      a.textContent = d.device;
      a.className = 'device-link';
      name.appendChild(a);
      cell(tr, status(d)).className = status(d);
      cell(tr, d.model); cell(tr, d.firmware);
      cell(tr, d.detections_this_hour); cell(tr, d.detections);
      cell(tr, d.cpu_permille === undefined ? '' : (d.cpu_permille / 10).toFixed(1) + ' %');
      cell(tr, d.infer_us === undefined ? '' : (d.infer_us / 1000).toFixed(1) + ' ms');
      cell(tr, d.free_ram === undefined ? '' : d.free_ram + ' B');
      cell(tr, ago(d.last_seen_us, f.now_us));
      body.appendChild(tr);
    }
    const c = $('counters');
    c.replaceChildren();
    const k = f.counters;
    fact(c, 'messages received', k.received);
    fact(c, 'detections stored', k.stored_detections);
    fact(c, 'duplicates ignored', k.duplicates);
    fact(c, 'rejected', k.rejected_total);
    for (const [reason, n] of Object.entries(k.rejected)) {
      if (n > 0) fact(c, '  ' + reason.replace(/_/g, ' '), n);
    }
  }

  async function showDevice(id) {
    selected = id;
    const r = await fetch('/api/fleet/device?id=' + encodeURIComponent(id));
    if (!r.ok) { $('device-card').hidden = true; return; }
    const d = await r.json();
    $('device-card').hidden = false;
    $('device-name').textContent = d.device;
    const dl = $('device-facts');
    dl.replaceChildren();
    fact(dl, 'status', status(d) + (d.status_time ? ' (' + d.status_time + ')' : ''));
    const h = d.hello || {};
    fact(dl, 'firmware', h.firmware); fact(dl, 'model', h.model); fact(dl, 'frontend', h.frontend);
    fact(dl, 'threshold', h.threshold); fact(dl, 'labels', (h.labels || []).join(', '));
    const s = d.health || {};
    fact(dl, 'uptime', s.uptime_ms === undefined ? null : Math.round(s.uptime_ms / 1000) + ' s');
    fact(dl, 'CPU', s.cpu_permille === undefined ? null : (s.cpu_permille / 10).toFixed(1) + ' %');
    fact(dl, 'inference', s.infer_us === undefined ? null : s.infer_us + ' µs');
    fact(dl, 'free RAM', s.free_ram); fact(dl, 'audio overruns', s.audio_overruns);
    fact(dl, 'detections stored', d.detections); fact(dl, 'duplicates ignored', d.duplicates); fact(dl, 'clips', d.clips);
    const hb = $('device-hours').tBodies[0];
    hb.replaceChildren();
    for (const hr of d.hourly) {
      const tr = document.createElement('tr');
      cell(tr, new Date(hr.hour_us / 1000).toISOString().slice(0, 13) + ':00');
      cell(tr, Object.entries(hr.keywords).map(([kw, n]) => kw + ' ' + n).join(', '));
      hb.appendChild(tr);
    }
    const rb = $('device-recent').tBodies[0];
    rb.replaceChildren();
    for (const e of d.recent) {
      const tr = document.createElement('tr');
      cell(tr, new Date(e.host_us / 1000).toISOString()); cell(tr, e.keyword);
      cell(tr, Number(e.score).toFixed(3)); cell(tr, e.seq);
      rb.appendChild(tr);
    }
  }

  function route() {
    const m = /^#device=(.+)$/.exec(location.hash);
    if (m) { showDevice(decodeURIComponent(m[1])); } else { selected = null; $('device-card').hidden = true; }
  }

  $('close-device').addEventListener('click', () => { location.hash = ''; });
  window.addEventListener('hashchange', route);
  fetch('/api/fleet').then((r) => r.json()).then(renderFleet);
  const es = new EventSource('/api/fleet/events');
  es.addEventListener('fleet', (ev) => {
    renderFleet(JSON.parse(ev.data));
    if (selected) showDevice(selected);
  });
  es.onerror = () => { $('link').textContent = 'reconnecting…'; $('link').className = 'badge off'; };
  route();
})();
