// Portico dashboard: polls /dashboard/api/stats and turns the difference between two polls of the
// gateway's cumulative counters into rates, error ratios and latency percentiles.
'use strict';

const POLL_MILLIS = 1500;
const TOKEN_KEY = 'portico.adminToken';

// The admin token comes in the URL fragment (#token=...), which browsers never send to a server;
// it is kept for this tab only and removed from the address bar.
function adminToken() {
  const match = /(?:^|[#&])token=([^&]*)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const token = adminToken();

async function getJson(path) {
  const headers = { Accept: 'application/json' };
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  }
  const response = await fetch(path, { headers, cache: 'no-store' });
  if (!response.ok) {
    throw new Error(path + ': HTTP ' + response.status);
  }
  return response.json();
}

function $(id) {
  return document.getElementById(id);
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
  return td;
}

function replaceRows(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function formatRate(value) {
  if (value === null) {
    return '–';
  }
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function formatSeconds(seconds) {
  if (seconds === null) {
    return '–';
  }
  if (!isFinite(seconds)) {
    return '> 10 s';
  }
  const ms = seconds * 1000;
  return ms < 10 ? ms.toFixed(1) + ' ms' : ms.toFixed(0) + ' ms';
}

function formatPercent(ratio) {
  return ratio === null ? '–' : (ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 2 : 1) + ' %';
}

// The q-quantile of the requests counted between two polls, interpolated inside the fixed buckets.
function quantile(q, bounds, cumulative, total) {
  if (total <= 0) {
    return null;
  }
  const target = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (let i = 0; i < bounds.length; i++) {
    if (cumulative[i] >= target) {
      const inBucket = cumulative[i] - lowerCount;
      const share = inBucket > 0 ? (target - lowerCount) / inBucket : 1;
      return lowerBound + (bounds[i] - lowerBound) * share;
    }
    lowerBound = bounds[i];
    lowerCount = cumulative[i];
  }
  return Infinity;
}

let previous = null;
let configVersion = null;

function renderRoutes(stats) {
  const before = new Map((previous ? previous.routes : []).map((r) => [r.id, r]));
  const seconds = previous ? (stats.timeMillis - previous.timeMillis) / 1000 : 0;
  let totalCount = 0;
  let totalDelta = 0;
  let errorDelta = 0;
  const rows = stats.routes.map((route) => {
    const old = before.get(route.id);
    totalCount += route.count;
    const row = document.createElement('tr');
    row.dataset.route = route.id;
    cell(row, route.id);
    if (old && seconds > 0) {
      const delta = route.count - old.count;
      const errors = route.errors - old.errors;
      const buckets = route.buckets.map((b, i) => b - old.buckets[i]);
      totalDelta += delta;
      errorDelta += errors;
      cell(row, formatRate(delta / seconds));
      cell(row, formatSeconds(quantile(0.5, stats.bucketsSeconds, buckets, delta)));
      cell(row, formatSeconds(quantile(0.99, stats.bucketsSeconds, buckets, delta)));
      cell(row, formatPercent(delta > 0 ? errors / delta : null), errors > 0 ? 'bad' : '');
    } else {
      totalDelta += previous && seconds > 0 ? route.count : 0;
      cell(row, '–');
      cell(row, '–');
      cell(row, '–');
      cell(row, '–');
    }
    cell(row, String(route.count));
    return row;
  });
  replaceRows($('route-stats').tBodies[0], rows);
  $('route-stats-empty').hidden = rows.length > 0;
  $('total-requests').textContent = String(totalCount);
  $('total-rps').textContent = seconds > 0 ? formatRate(totalDelta / seconds) : '–';
  $('total-errors').textContent = seconds > 0 ? formatPercent(totalDelta > 0 ? errorDelta / totalDelta : null) : '–';
}

function renderTargets(stats) {
  const rows = [];
  for (const upstream of stats.upstreams) {
    for (const target of upstream.targets) {
      const row = document.createElement('tr');
      cell(row, upstream.name);
      cell(row, target.target);
      cell(row, target.healthy ? 'healthy' : 'unhealthy', target.healthy ? 'ok' : 'bad');
      const circuit = target.circuit;
      cell(row, circuit, circuit === 'open' ? 'bad' : circuit === 'half_open' ? 'warn' : 'ok');
      cell(row, String(target.inFlight));
      rows.push(row);
    }
  }
  replaceRows($('targets').tBodies[0], rows);
}

function renderConfig(config) {
  const rows = config.routes.map((route) => {
    const row = document.createElement('tr');
    row.dataset.route = route.id;
    cell(row, route.id);
    cell(row, (route.match.hosts || []).join(', ') || '*');
    cell(row, route.match.path || '');
    cell(row, (route.match.methods || []).join(', ') || 'any');
    cell(row, route.aggregate ? 'aggregate: ' + Object.keys(route.aggregate).join(', ') : route.upstream || '');
    cell(row, route.rewrite ? (route.rewrite.path || 'strip ' + route.rewrite.stripPrefix) : '');
    return row;
  });
  replaceRows($('config-routes').tBodies[0], rows);
  const shown = config.routes.length < config.totalRoutes ? ', first ' + config.routes.length + ' shown' : '';
  $('config-summary').textContent = 'v' + config.version + ': ' + config.totalRoutes + ' route(s)' + shown
      + ', ' + config.upstreams.length + ' upstream(s)';
}

async function poll() {
  try {
    const stats = await getJson('/dashboard/api/stats');
    renderRoutes(stats);
    renderTargets(stats);
    $('open-connections').textContent = String(stats.openConnections);
    $('ratelimit-denied').textContent = String(stats.rateLimit.denied || 0);
    $('shed').textContent = String(stats.rateLimit.shed || 0);
    $('config-version').textContent = String(stats.configVersion);
    if (stats.configVersion !== configVersion) {
      renderConfig(await getJson('/dashboard/api/config'));
      configVersion = stats.configVersion;
    }
    previous = stats;
    $('status').textContent = 'live · updated ' + new Date(stats.timeMillis).toLocaleTimeString();
    $('status').className = 'status';
  } catch (e) {
    $('status').textContent = 'cannot reach the gateway: ' + e.message;
    $('status').className = 'status error';
  } finally {
    setTimeout(poll, POLL_MILLIS);
  }
}

poll();
