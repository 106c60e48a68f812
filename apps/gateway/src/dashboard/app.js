// npc-brain live dashboard: polls /v1/admin/dashboard.json with the admin key (kept in this tab's
// sessionStorage, sent as a Bearer token) and renders it. Plain JS, no build step, no inline code
// (the page's CSP allows scripts from this origin only). Untrusted text (what NPCs say, ids) is
// only ever set through textContent.
'use strict';

(() => {
  const STORAGE_KEY = 'npc-brain.admin-key';
  const POLL_MS = 2000;
  const DATA_URL = '/v1/admin/dashboard.json';
  const SOURCES = ['rules', 'llm', 'cache', 'model'];
  const $ = (id) => document.getElementById(id);
  let timer = null;

  const keyOf = () => sessionStorage.getItem(STORAGE_KEY);
  const fmt = (n, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(digits));
  const usd = (n) => (n === null || n === undefined ? '–' : `$${Number(n).toFixed(n < 1 ? 4 : 2)}`);
  const pct = (n) => (n === null || n === undefined ? '–' : `${(n * 100).toFixed(n < 0.01 && n > 0 ? 2 : 1)} %`);
  const set = (id, text) => {
    const el = $(id);
    if (el) el.textContent = text;
  };

  function showLogin(message) {
    if (timer) clearTimeout(timer);
    timer = null;
    $('board').hidden = true;
    $('logout').hidden = true;
    $('queues-link').hidden = true;
    $('login').hidden = false;
    set('login-error', message || '');
    set('updated', 'not connected');
    $('key').focus();
  }

  function showBoard() {
    $('login').hidden = true;
    $('board').hidden = false;
    $('logout').hidden = false;
  }

  async function fetchData(key) {
    const res = await fetch(DATA_URL, { headers: { authorization: `Bearer ${key}` }, cache: 'no-store' });
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    return { status: res.status, body };
  }

  /** A cookie session for /admin/queues (bull-board cannot send a Bearer header from a link). */
  async function openQueueSession(key) {
    try {
      const res = await fetch('/v1/admin/session', { method: 'POST', headers: { authorization: `Bearer ${key}` } });
      $('queues-link').hidden = !res.ok;
    } catch {
      $('queues-link').hidden = true;
    }
  }

  async function poll() {
    const key = keyOf();
    if (!key) return showLogin();
    try {
      const { status, body } = await fetchData(key);
      if (status === 401 || status === 403) {
        sessionStorage.removeItem(STORAGE_KEY);
        return showLogin(body && body.error ? body.error.message : `refused (${status})`);
      }
      if (status !== 200 || !body) {
        set('updated', `gateway answered ${status}; retrying`);
      } else {
        showBoard();
        render(body);
      }
    } catch (err) {
      set('updated', `gateway unreachable (${err && err.message ? err.message : err}); retrying`);
    }
    timer = setTimeout(poll, POLL_MS);
  }

  function render(d) {
    const live = d.live;
    set('instance', d.instance);
    set('updated', `updated ${new Date(d.at).toLocaleTimeString()}`);
    set('window', String(live.windowS));
    const lat = live.latencyMs;
    set('p50', lat ? fmt(lat.p50) : '–');
    set('p90', lat ? fmt(lat.p90) : '–');
    set('p99', lat ? fmt(lat.p99) : '–');
    set('dps', fmt(live.decisionsPerS, 2));
    const total = Object.values(live.sourceMix).reduce((a, b) => a + b, 0);
    set('decisions', String(total));
    set('error-rate', pct(live.errorRate));
    set('client-errors', String(live.clientErrors));
    set('requests', String(live.requests));
    spark($('p90-chart'), live.p90Series, '#d29922');
    spark($('dps-chart'), live.decisionsSeries, '#4fb3ff');
    renderBudget(d.budget);
    renderSources(live.sourceMix, total);
    renderQueues(d.queues, d.sampledAt, d.llm);
    renderModel(d.modelVersion, d.inference);
    renderRecent(d.recent);
  }

  function renderBudget(b) {
    const bar = $('budget-bar');
    if (!b) {
      set('cost', '–');
      set('budget', 'unknown (Redis unreachable)');
      bar.style.width = '0';
      return;
    }
    set('budget-day', b.day);
    set('cost', usd(b.spentUsd));
    set('budget', usd(b.budgetUsd));
    set('budget-ratio', pct(b.ratio));
    set('budget-remaining', usd(b.remainingUsd));
    bar.style.width = `${Math.min(100, b.ratio * 100)}%`;
    bar.className = b.ratio >= 1 ? 'bad' : b.ratio >= 0.8 ? 'warn' : '';
  }

  function renderSources(mix, total) {
    const bar = $('source-bar');
    const legend = $('source-mix');
    bar.replaceChildren();
    legend.replaceChildren();
    const names = [...new Set([...SOURCES, ...Object.keys(mix)])];
    for (const name of names) {
      const n = mix[name] || 0;
      if (total && n) {
        const seg = document.createElement('div');
        seg.className = `src-${name}`;
        seg.style.width = `${(100 * n) / total}%`;
        bar.append(seg);
      }
      const li = document.createElement('li');
      li.dataset.source = name;
      const sw = document.createElement('span');
      sw.className = `swatch src-${name}`;
      li.append(sw, `${name} ${n}${total ? ` (${Math.round((100 * n) / total)} %)` : ''}`);
      legend.append(li);
    }
  }

  function renderQueues(queues, sampledAt, llm) {
    const tbody = $('queues').querySelector('tbody');
    tbody.replaceChildren();
    for (const q of queues) {
      const tr = document.createElement('tr');
      tr.dataset.queue = q.name;
      const c = q.counts || {};
      const cells = [q.name, c.waiting, c.active, c.delayed, c.failed, q.workers];
      for (const v of cells) {
        const td = document.createElement('td');
        td.textContent = v === null || v === undefined ? '–' : String(v);
        tr.append(td);
      }
      tbody.append(tr);
    }
    set('sampled', sampledAt ? `sampled ${new Date(sampledAt).toLocaleTimeString()}` : '');
    set('llm-providers', llm
      ? `LLM workers: ${llm.workersAvailable}/${llm.workers} available · providers: ${llm.providers.map((p) => `${p.name} ${p.state}`).join(', ') || 'none'}`
      : 'LLM workers: none reporting');
  }

  function renderModel(version, inference) {
    const workers = inference ? inference.workers : [];
    const providers = [...new Set(workers.map((w) => w.provider).filter(Boolean))].join(', ');
    set('model', version === 'none'
      ? `Intent model: none loaded${workers.length ? ` (${workers.length} inference workers, no model)` : ''}`
      : `Intent model: v${version} · inference workers: ${workers.filter((w) => w.modelLoaded).length}/${workers.length} loaded${providers ? ` · ${providers}` : ''}`);
  }

  function renderRecent(rows) {
    const tbody = $('recent').querySelector('tbody');
    tbody.replaceChildren();
    for (const r of rows) {
      const tr = document.createElement('tr');
      const cells = [
        new Date(r.at).toLocaleTimeString(), r.npcId, r.role, null, r.intent, r.action, r.say, fmt(r.latencyMs, 0),
      ];
      cells.forEach((v, i) => {
        const td = document.createElement('td');
        if (i === 3) {
          const tag = document.createElement('span');
          tag.className = `tag src-${r.source}`;
          tag.textContent = r.source;
          td.append(tag);
        } else {
          td.textContent = v;
        }
        if (i === 6) td.className = 'say';
        tr.append(td);
      });
      tbody.append(tr);
    }
  }

  function spark(canvas, series, color) {
    const ctx = canvas.getContext('2d');
    const w = canvas.width;
    const h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    const values = series.map((v) => (v === null ? 0 : v));
    const max = Math.max(1, ...values);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    values.forEach((v, i) => {
      const x = (i / Math.max(1, values.length - 1)) * (w - 2) + 1;
      const y = h - 2 - (v / max) * (h - 4);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }

  $('key-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const key = $('key').value.trim();
    if (!key) return;
    set('login-error', 'checking…');
    try {
      const { status, body } = await fetchData(key);
      if (status !== 200) {
        return showLogin(body && body.error ? body.error.message : `refused (${status})`);
      }
      sessionStorage.setItem(STORAGE_KEY, key);
      $('key').value = '';
      set('login-error', '');
      showBoard();
      render(body);
      void openQueueSession(key);
      timer = setTimeout(poll, POLL_MS);
    } catch (err) {
      showLogin(`gateway unreachable: ${err && err.message ? err.message : err}`);
    }
  });

  $('logout').addEventListener('click', async () => {
    const key = keyOf();
    sessionStorage.removeItem(STORAGE_KEY);
    if (key) await fetch('/v1/admin/session', { method: 'DELETE', headers: { authorization: `Bearer ${key}` } }).catch(() => undefined);
    showLogin();
  });

  if (keyOf()) {
    void openQueueSession(keyOf());
    void poll();
  } else {
    showLogin();
  }
})();
