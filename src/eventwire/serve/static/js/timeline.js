// Timeline: an actor pair's series as stacked bars by quad class plus a summed-intensity line.
"use strict";

(function () {
  const { el, svg, getJSON, eventList, tooltip, message, QUADS } = window.ew;
  const charts = window.ewCharts;
  const chart = document.getElementById("timeline-chart");
  if (!chart) return;

  const KEYS = [
    ["verbal_cooperation", 1],
    ["material_cooperation", 2],
    ["verbal_conflict", 3],
    ["material_conflict", 4],
  ];
  const W = 960;
  const H = 340;
  const M = { top: 30, right: 56, bottom: 34, left: 48 };
  const tip = tooltip();
  const opts = chart.dataset;

  const pairSelect = document.getElementById("pair-select");
  if (pairSelect) {
    pairSelect.addEventListener("change", () => {
      if (!pairSelect.value) return;
      const [source, target] = pairSelect.value.split(" ");
      const form = document.getElementById("timeline-form");
      form.elements.source.value = source;
      form.elements.target.value = target;
      form.requestSubmit();
    });
  }

  function query(extra) {
    const params = new URLSearchParams();
    for (const key of ["source", "target", "by", "start", "end"]) {
      if (opts[key]) params.set(key, opts[key]);
    }
    for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
    return params;
  }

  async function load() {
    let data;
    try {
      data = await getJSON(`/api/dyads?${query()}`);
    } catch (err) {
      message(chart, `Could not load the series: ${err.message}`);
      return;
    }
    if (!data.series.length) {
      message(chart, "No dated events that occurred or were threatened for this pair.");
      return;
    }
    draw(charts.fillPeriods(data.series, data.by, 3000), data.by);
  }

  function draw(series, by) {
    const maxCount = Math.max(1, ...series.map((p) => p.events));
    const intensities = series.map((p) => p.intensity);
    const iLo = Math.min(0, ...intensities);
    const iHi = Math.max(0, ...intensities);
    const band = (W - M.left - M.right) / series.length;
    const x = (i) => M.left + i * band;
    const y = charts.linear([0, maxCount], [H - M.bottom, M.top]);
    const yi = charts.linear([iLo, iHi === iLo ? iLo + 1 : iHi], [H - M.bottom, M.top]);
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Event counts per period" });

    const grid = svg("g", { class: "grid axis" });
    for (const t of charts.ticks(0, maxCount, 5)) {
      if (t !== Math.round(t)) continue;
      grid.append(svg("line", { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t) }));
      grid.append(svg("text", { x: M.left - 6, y: y(t) + 4, "text-anchor": "end", text: t }));
    }
    for (const t of charts.ticks(iLo, iHi, 4)) {
      grid.append(svg("text", { x: W - M.right + 6, y: yi(t) + 4, text: t > 0 ? `+${t}` : t }));
    }
    grid.append(svg("text", { x: M.left - 8, y: M.top - 14, "text-anchor": "end", text: "events" }));
    grid.append(svg("text", { x: W - M.right + 6, y: M.top - 14, text: "intensity" }));
    root.append(grid);

    const xAxis = svg("g", { class: "axis" });
    xAxis.append(svg("line", { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom }));
    const every = Math.max(1, Math.ceil(series.length / 8));
    series.forEach((p, i) => {
      if (i % every) return;
      xAxis.append(svg("text", { x: x(i) + band / 2, y: H - M.bottom + 16, "text-anchor": "middle", text: p.period }));
    });
    root.append(xAxis);

    const bars = svg("g");
    const gap = band > 6 ? Math.min(band * 0.18, 6) : 0;
    // A few periods would make slabs; bars stay at most 56 units wide, centred in their band.
    const barWidth = Math.min(Math.max(band - gap, 0.5), 56);
    series.forEach((p, i) => {
      let base = 0;
      for (const [key, q] of KEYS) {
        if (!p[key]) continue;
        bars.append(
          svg("rect", {
            class: `bar fill-q${q}`,
            x: x(i) + (band - barWidth) / 2,
            width: barWidth,
            y: y(base + p[key]),
            height: y(base) - y(base + p[key]),
          })
        );
        base += p[key];
      }
    });
    root.append(bars);

    if (iLo < 0 && iHi > 0) {
      root.append(svg("line", { class: "zero-line", x1: M.left, x2: W - M.right, y1: yi(0), y2: yi(0) }));
    }
    const points = series.map((p, i) => `${x(i) + band / 2},${yi(p.intensity)}`);
    root.append(svg("polyline", { class: "intensity-line", points: points.join(" ") }));
    if (band > 8) {
      series.forEach((p, i) => {
        if (p.events) root.append(svg("circle", { class: "intensity-dot", cx: x(i) + band / 2, cy: yi(p.intensity), r: 2.5 }));
      });
    }

    const hits = svg("g");
    series.forEach((p, i) => {
      const hit = svg("rect", {
        class: "bar-hit",
        x: x(i),
        width: band,
        y: M.top,
        height: H - M.top - M.bottom,
        "data-period": p.period,
      });
      const lines = [`${p.period}: ${p.events} event${p.events === 1 ? "" : "s"}`];
      for (const [key, q] of KEYS) if (p[key]) lines.push(`${QUADS[q]}: ${p[key]}`);
      lines.push(`summed intensity: ${p.intensity > 0 ? "+" : ""}${p.intensity}`);
      hit.addEventListener("mousemove", (event) => tip.show(event, lines.join("\n")));
      hit.addEventListener("mouseleave", () => tip.hide());
      hit.addEventListener("click", () => {
        for (const old of hits.querySelectorAll(".selected")) old.classList.remove("selected");
        hit.classList.add("selected");
        showPeriod(p.period, by);
      });
      hits.append(hit);
    });
    root.append(hits);
    chart.replaceChildren(root);
  }

  async function showPeriod(period, by) {
    const section = document.getElementById("period-events");
    const list = document.getElementById("period-list");
    const title = document.getElementById("period-title");
    const end = charts.periodEnd(period, by);
    section.hidden = false;
    title.textContent = by === "day" ? `Events on ${period}` : `Events from ${period} to ${end}`;
    const params = query({ start: period, end: end, limit: 500, sort: "date", order: "asc" });
    params.delete("by");
    params.append("status", "occurred");
    params.append("status", "threatened");
    try {
      const page = await getJSON(`/api/events?${params}`);
      if (!page.items.length) message(list, "No events in this period.");
      else list.replaceChildren(eventList(page.items));
      if (page.total > page.items.length) {
        list.append(el("p", { class: "muted", text: `Showing ${page.items.length} of ${page.total}.` }));
      }
    } catch (err) {
      message(list, `Could not load the events: ${err.message}`);
    }
    section.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }

  load();
})();
