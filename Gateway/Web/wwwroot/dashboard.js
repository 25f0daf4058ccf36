// The live floor: one EventSource on /api/supervisor/watch; a snapshot replaces the picture, a delta updates it.
"use strict";

(() => {
  const S = Switchboard;
  const floor = { queues: new Map(), agents: new Map(), history: [] };

  function apply(frame, snapshot) {
    if (snapshot) {
      floor.queues.clear();
      floor.agents.clear();
      floor.history = [];
    }
    for (const queue of frame.queues) floor.queues.set(queue.queueId, queue);
    for (const agent of frame.agents) floor.agents.set(agent.agentId, agent);
    floor.history.push(...frame.history);
    const cutoff = Date.now() - 3600 * 1000;
    floor.history = floor.history.filter(p => Date.parse(p.at) > cutoff);
    render();
  }

  function percent(level) { return level && level.answered > 0 ? Math.round(level.percent) + "%" : "—"; }

  function queueTile(q) {
    const longest = q.oldestWaitingSince ? S.clock(S.since(q.oldestWaitingSince)) : "—";
    const asa = q.today && q.today.answered > 0 ? S.clock(S.seconds(q.today.averageSpeedOfAnswer)) : "—";
    return S.el("article", { class: "tile", "data-queue": q.queueId },
      S.el("div", { class: "name" }, q.queueId),
      S.el("div", { class: "big" },
        S.el("span", { class: "waiting" + (q.waiting > 0 && q.agentsAvailable === 0 ? " hot" : ""), "data-testid": "waiting" }, String(q.waiting)),
        S.el("span", { class: "label" }, "waiting")),
      S.el("dl", {},
        S.el("dt", {}, "Longest wait"), S.el("dd", { "data-since": q.oldestWaitingSince || "" }, longest),
        S.el("dt", {}, "Offers out"), S.el("dd", {}, String(q.offersOutstanding)),
        S.el("dt", {}, "Service level 15 min"), S.el("dd", {}, percent(q.lastQuarterHour)),
        S.el("dt", {}, "Service level today"), S.el("dd", {}, percent(q.today)),
        S.el("dt", {}, "Avg. speed of answer"), S.el("dd", {}, asa),
        S.el("dt", {}, "Target"), S.el("dd", {}, S.clock(S.seconds(q.serviceLevelTarget))),
        S.el("dt", {}, "Abandoned today"), S.el("dd", { "data-testid": "abandoned" }, String(q.abandonedToday))),
      S.el("div", { class: "chips" },
        S.el("span", { class: "chip available" }, q.agentsAvailable + " available"),
        S.el("span", { class: "chip busy" }, q.agentsBusy + " busy"),
        S.el("span", { class: "chip away" }, q.agentsAway + " away"),
        S.el("span", { class: "chip offline" }, q.agentsOffline + " offline")));
  }

  function agentRow(a) {
    const held = a.load.reduce((sum, l) => sum + l.tickets, 0);
    const state = a.presence === "PRESENCE_AVAILABLE" ? (held > 0 ? "busy" : "available") : a.presence === "PRESENCE_AWAY" ? "away" : "offline";
    const label = { available: "Available", busy: "Busy", away: "Away", offline: "Offline" }[state];
    const work = a.load.filter(l => l.tickets > 0 || l.capacity > 0)
      .map(l => S.channelName(l.channel) + " " + l.tickets + "/" + l.capacity).join(" · ");
    return S.el("tr", { "data-agent": a.agentId },
      S.el("td", {}, a.displayName || a.agentId),
      S.el("td", {}, S.el("span", { class: "chip " + state, "data-testid": "state" }, label)),
      S.el("td", { class: "num", "data-since": a.presenceSince }, S.clock(S.since(a.presenceSince))),
      S.el("td", {}, work),
      S.el("td", { class: "num" }, String(a.offersOutstanding)),
      S.el("td", { class: "num" }, String(a.handledToday)),
      S.el("td", { class: "num", "data-testid": "csat" }, csat(a.csatAverageToday, a.csatRatingsToday)));
  }

  // "4.5 (2)": the average rating and how many; "—" before the first.
  function csat(average, count) {
    return count > 0 && average !== undefined && average !== null ? Number(average).toFixed(1) + " (" + count + ")" : "—";
  }

  function chart() {
    const svg = document.getElementById("chart");
    const W = 900, H = 180, left = 34, right = 40, top = 10, bottom = 22;
    const now = Date.now(), start = now - 3600 * 1000;
    const x = t => left + (t - start) / (now - start) * (W - left - right);
    const points = floor.history.map(p => ({ t: Date.parse(p.at), waiting: p.waiting || 0, sl: p.serviceLevelPercent }));
    const maxWaiting = Math.max(4, ...points.map(p => p.waiting));
    const yW = v => H - bottom - v / maxWaiting * (H - top - bottom);
    const yS = v => H - bottom - v / 100 * (H - top - bottom);
    const parts = [];
    for (let i = 0; i <= 4; i++) {
      const y = top + i * (H - top - bottom) / 4;
      parts.push(`<line x1="${left}" x2="${W - right}" y1="${y}" y2="${y}" stroke="#e3e7ee"/>`);
      parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end">${Math.round(maxWaiting * (4 - i) / 4)}</text>`);
      parts.push(`<text x="${W - right + 6}" y="${y + 4}">${100 - i * 25}%</text>`);
    }
    for (let m = 60; m >= 0; m -= 15) {
      parts.push(`<text x="${x(now - m * 60000)}" y="${H - 6}" text-anchor="middle">${m ? "-" + m + " min" : "now"}</text>`);
    }
    if (points.length) {
      // The history survives a restart; the time the floor was not sampled stays a gap, not a straight line.
      for (const run of runs(points)) {
        const waiting = run.map(p => `${x(p.t)},${yW(p.waiting)}`).join(" ");
        parts.push(`<polyline fill="none" stroke="#2f6fed" stroke-width="2" points="${waiting}"/>`);
        const sl = run.filter(p => p.sl !== undefined && p.sl !== null).map(p => `${x(p.t)},${yS(p.sl)}`).join(" ");
        if (sl) parts.push(`<polyline fill="none" stroke="#1f9d55" stroke-width="2" stroke-dasharray="5 3" points="${sl}"/>`);
      }
      // Mark the latest values, so the first minutes of an hour show something.
      const last = points[points.length - 1];
      parts.push(`<circle cx="${x(last.t)}" cy="${yW(last.waiting)}" r="3.5" fill="#2f6fed"/>`);
      if (last.sl !== undefined && last.sl !== null) parts.push(`<circle cx="${x(last.t)}" cy="${yS(last.sl)}" r="3.5" fill="#1f9d55"/>`);
    }
    svg.innerHTML = parts.join("");
  }

  // Splits the points where the sampling stopped: a step over three times the usual one (at least 30 s).
  function runs(points) {
    const steps = points.slice(1).map((p, i) => p.t - points[i].t).filter(d => d > 0);
    const limit = Math.max(30000, 3 * (steps.length ? Math.min(...steps) : 0));
    const result = [[points[0]]];
    for (let i = 1; i < points.length; i++) {
      if (points[i].t - points[i - 1].t > limit) result.push([]);
      result[result.length - 1].push(points[i]);
    }
    return result;
  }

  function render() {
    const queues = document.getElementById("queues");
    const sortedQueues = [...floor.queues.values()].sort((a, b) => a.queueId.localeCompare(b.queueId));
    queues.replaceChildren(...(sortedQueues.length ? sortedQueues.map(queueTile) : [S.el("p", { class: "empty" }, "No queues yet.")]));
    const agents = document.getElementById("agents");
    const sortedAgents = [...floor.agents.values()].sort((a, b) => (a.displayName || a.agentId).localeCompare(b.displayName || b.agentId));
    agents.replaceChildren(...(sortedAgents.length ? sortedAgents.map(agentRow)
      : [S.el("tr", {}, S.el("td", { colspan: "7", class: "empty" }, "No agents yet."))]));
    chart();
  }

  // Ages tick every second without waiting for the server.
  setInterval(() => {
    for (const cell of document.querySelectorAll("[data-since]")) {
      if (cell.dataset.since) cell.textContent = S.clock(S.since(cell.dataset.since));
    }
  }, 1000);
  setInterval(chart, 10000);

  // ---- Reports: ReportService.GetReport through /api/reports/get-report, and the CSV of the same ----------

  const $ = id => document.getElementById(id);

  // A report duration: "0.35 s" under ten seconds, "12.3 s" under a minute, "4:05" or "1:02:03" above; "—" when never measured.
  function duration(figure) {
    if (!figure || !(figure.count > 0) || !figure.average) return "—";
    const seconds = S.seconds(figure.average);
    return seconds < 10 ? seconds.toFixed(2) + " s" : seconds < 60 ? seconds.toFixed(1) + " s" : S.clock(seconds);
  }

  function durationTitle(figure) {
    if (!figure || !(figure.count > 0)) return "";
    return "median " + duration({ count: figure.count, average: figure.median }) + " over " + figure.count;
  }

  function reportRow(row, tag, label) {
    const cell = (text, attributes = {}) => S.el(tag, { class: "num", ...attributes }, text);
    const sla = row.slaAchievedPercent !== undefined && row.slaAchievedPercent !== null && row.slaMeasured > 0
      ? Math.round(row.slaAchievedPercent) + "% (" + row.slaAchieved + "/" + row.slaMeasured + ")" : "—";
    return S.el("tr", { "data-report-row": label },
      S.el(tag, {}, label),
      cell(String(row.ticketsCreated), { "data-figure": "created" }),
      cell(String(row.ticketsSolved), { "data-figure": "solved" }),
      cell(String(row.ticketsAbandoned), { "data-figure": "abandoned" }),
      cell(duration(row.firstReplyTime), { "data-figure": "first-reply", title: durationTitle(row.firstReplyTime) }),
      cell(duration(row.resolutionTime), { "data-figure": "resolution", title: durationTitle(row.resolutionTime) }),
      cell(duration(row.handleTime), { "data-figure": "handle", title: durationTitle(row.handleTime) }),
      cell(sla, { "data-figure": "sla" }),
      cell(csat(row.csatAverage, row.csatCount), { "data-figure": "csat" }));
  }

  // The range as instants: from the start of the first day to the end of the last, in the chosen zone.
  function reportQuery() {
    const zone = $("report-zone").value.trim() || "UTC";
    return {
      start_time: zoneMidnight($("report-from").value, zone).toISOString(),
      end_time: zoneMidnight(nextDay($("report-to").value), zone).toISOString(),
      time_zone: zone,
      group_by: $("report-group").value,
    };
  }

  function nextDay(date) {
    const d = new Date(date + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  // Midnight of a "YYYY-MM-DD" day in an IANA zone, as an instant: the UTC midnight moved by the zone's offset then.
  function zoneMidnight(date, zone) {
    const utc = new Date(date + "T00:00:00Z");
    const offset = instant => {
      const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23",
        year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
        .formatToParts(instant).map(p => [p.type, p.value]));
      return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - instant.getTime();
    };
    const guess = new Date(utc.getTime() - offset(utc));
    return new Date(utc.getTime() - offset(guess));
  }

  function csvLink(query) {
    const params = new URLSearchParams(query);
    return "/api/reports.csv?" + params.toString();
  }

  let reportRun = 0;

  async function runReport() {
    const run = ++reportRun; // only the latest request may fill the table
    $("report-error").textContent = "";
    let query;
    try {
      query = reportQuery();
    } catch (error) {
      $("report-error").textContent = "Not a known time zone: " + $("report-zone").value;
      return;
    }
    $("report-csv").href = csvLink(query);
    try {
      const report = await S.call("/api/reports/get-report", {
        startTime: query.start_time, endTime: query.end_time, timeZone: query.time_zone,
        groupBy: "REPORT_GROUPING_" + query.group_by.toUpperCase(),
      });
      if (run !== reportRun) return;
      $("report-key").textContent = { day: "Day", queue: "Queue", agent: "Agent" }[query.group_by];
      const label = key => key || (query.group_by === "agent" ? "(no agent)" : query.group_by === "queue" ? "(no queue)" : key);
      $("report-rows").replaceChildren(...(report.rows.length ? report.rows.map(r => reportRow(r, "td", label(r.key)))
        : [S.el("tr", {}, S.el("td", { colspan: "9", class: "empty" }, "Nothing in this range."))]));
      $("report-total").replaceChildren(reportRow(report.total, "th", "Total"));
    } catch (error) {
      if (run === reportRun) $("report-error").textContent = error.message;
    }
  }

  // The CSV comes with the same credential as every call (a header, not the address), saved under the server's name.
  $("report-csv").addEventListener("click", async e => {
    e.preventDefault();
    $("report-error").textContent = "";
    const response = await fetch($("report-csv").href, { headers: S.headers() });
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      $("report-error").textContent = answer.message || response.statusText;
      return;
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") || "");
    const save = S.el("a", { href: URL.createObjectURL(await response.blob()), download: name ? name[1] : "report.csv" });
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(save.href), 10000);
  });

  const today = new Date();
  const daysAgo = n => new Date(today.getFullYear(), today.getMonth(), today.getDate() - n).toLocaleDateString("en-CA");
  $("report-from").value = daysAgo(6);
  $("report-to").value = daysAgo(0);
  $("report-zone").value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  $("report-form").addEventListener("submit", e => { e.preventDefault(); runReport(); });
  runReport();

  // ---- The live floor --------------------------------------------------------------------------------

  const queue = new URLSearchParams(location.search).get("queue_id");
  const events = new EventSource(S.url("/api/supervisor/watch", queue ? { queue_id: queue } : {}));
  const dot = document.getElementById("live-dot"), text = document.getElementById("live-text");
  events.addEventListener("snapshot", e => { apply(JSON.parse(e.data), true); dot.classList.add("live"); text.textContent = "live"; });
  events.addEventListener("delta", e => apply(JSON.parse(e.data), false));
  events.onerror = () => {
    dot.classList.remove("live");
    text.textContent = events.readyState === EventSource.CLOSED
      ? (S.key ? "refused: open this page with #key=<a supervisor or admin key>" : "open this page with #key=<a supervisor or admin key>")
      : "reconnecting…";
  };
})();
