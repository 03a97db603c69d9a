// Map: events with coordinates over Natural Earth country outlines, equirectangular,
// grouped by location (a pie of quad classes), with a popup listing each event and its article.
"use strict";

(function () {
  const { el, svg, getJSON, pageQuery, articleHref, QUADS } = window.ew;
  const map = document.getElementById("map");
  if (!map) return;
  const popup = document.getElementById("map-popup");
  const status = document.getElementById("map-status");

  const W = 960;
  const H = 480;
  // Latitudes shown: Antarctica is left off, as most news maps do.
  const NORTH = 84;
  const SOUTH = -60;
  const SCALE = W / 360;
  const H_USED = (NORTH - SOUTH) * SCALE;
  const project = (lon, lat) => [(lon + 180) * SCALE, (NORTH - lat) * SCALE];
  const view = { x: 0, y: 0, w: W, h: H_USED };
  map.setAttribute("viewBox", `0 0 ${W} ${H_USED}`);

  const countries = svg("g", { class: "countries" });
  const grid = svg("g", { class: "graticules" });
  const points = svg("g", { class: "points" });
  map.append(grid, countries, points);

  function ringPath(ring) {
    // Rings that cross the antimeridian are unwrapped into one continuous ring
    // (longitudes past ±180) and drawn again shifted by 360°; the viewBox clips the rest.
    let offset = 0;
    let previous = null;
    const coords = ring.map(([lon, lat]) => {
      if (previous !== null) {
        if (lon + offset - previous > 180) offset -= 360;
        else if (lon + offset - previous < -180) offset += 360;
      }
      previous = lon + offset;
      return [lon + offset, lat];
    });
    const draw = (shift) =>
      "M" + coords.map(([lon, lat]) => project(lon + shift, lat).map((v) => v.toFixed(1)).join(",")).join("L") + "Z";
    const lons = coords.map((c) => c[0]);
    let d = draw(0);
    if (Math.max(...lons) > 180) d += draw(-360);
    if (Math.min(...lons) < -180) d += draw(360);
    return d;
  }

  function featurePath(geometry) {
    if (!geometry) return "";
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.map((polygon) => polygon.map(ringPath).join("")).join("");
  }

  function drawGraticule() {
    for (let lon = -180; lon <= 180; lon += 30) {
      const [x] = project(lon, 0);
      grid.append(svg("line", { class: "graticule", x1: x, x2: x, y1: 0, y2: H_USED }));
    }
    for (let lat = -60; lat <= 80; lat += 20) {
      const [, y] = project(0, lat);
      grid.append(svg("line", { class: "graticule", x1: 0, x2: W, y1: y, y2: y }));
    }
  }

  async function drawCountries() {
    const topology = await getJSON("/static/vendor/countries-110m.json");
    const features = window.topojson.feature(topology, topology.objects.countries).features;
    for (const feature of features) {
      if (feature.id === "010") continue; // Antarctica
      countries.append(
        svg("path", { class: "country", d: featurePath(feature.geometry) }, [
          svg("title", { text: feature.properties.name }),
        ])
      );
    }
  }

  function slicePath(cx, cy, r, from, to) {
    if (to - from >= 0.9999) {
      return `M${cx - r},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
    }
    const a0 = 2 * Math.PI * from - Math.PI / 2;
    const a1 = 2 * Math.PI * to - Math.PI / 2;
    const large = to - from > 0.5 ? 1 : 0;
    const p = (a) => `${(cx + r * Math.cos(a)).toFixed(2)},${(cy + r * Math.sin(a)).toFixed(2)}`;
    return `M${cx},${cy}L${p(a0)}A${r},${r} 0 ${large},1 ${p(a1)}Z`;
  }

  let groups = [];
  function drawPoints() {
    points.replaceChildren();
    const k = W / view.w;
    for (const group of groups) {
      const [cx, cy] = project(group.lon, group.lat);
      const r = (3.5 + 2.2 * Math.sqrt(group.events.length)) / k;
      const marker = svg("g", { class: "marker", tabindex: 0, role: "button", "aria-label": `${group.place}: ${group.events.length} events` });
      let from = 0;
      for (const q of [1, 2, 3, 4]) {
        const n = group.events.filter((e) => e.quad_class === q).length;
        if (!n) continue;
        const to = from + n / group.events.length;
        marker.append(svg("path", { class: `point fill-q${q}`, d: slicePath(cx, cy, r, from, to) }));
        from = to;
      }
      marker.addEventListener("click", (event) => {
        event.stopPropagation();
        openPopup(group, event);
      });
      marker.addEventListener("keydown", (event) => {
        if (event.key === "Enter") openPopup(group, event);
      });
      points.append(marker);
    }
  }

  function openPopup(group, event) {
    const box = map.parentElement.getBoundingClientRect();
    const clientX = event.clientX || box.left + box.width / 2;
    const clientY = event.clientY || box.top + box.height / 2;
    const left = Math.min(Math.max(clientX - box.left + 12, 8), box.width - 310);
    const top = Math.min(Math.max(clientY - box.top - 20, 8), box.height - 120);
    const items = group.events.slice(0, 30).map((e) =>
      el("li", { class: `q${e.quad_class}` }, [
        el("strong", { text: e.type }),
        " ",
        el("span", { class: `quad quad-${e.quad_class}`, text: QUADS[e.quad_class] || "" }),
        el("span", { class: "meta", text: ` ${e.date || ""}` }),
        el("span", { class: "text", text: `${e.source || "?"} → ${e.target || "?"}: “${e.trigger || ""}”` }),
        el("a", { class: "article-link popup-link", href: articleHref(e.article_id, e.idx), text: e.title || "Open the article" }),
      ])
    );
    const more = group.events.length > 30 ? el("p", { class: "muted", text: `and ${group.events.length - 30} more` }) : null;
    const close = el("button", { type: "button", class: "close", "aria-label": "Close", text: "×" });
    close.addEventListener("click", () => (popup.hidden = true));
    const count = `${group.events.length} event${group.events.length === 1 ? "" : "s"}`;
    const parts = [
      close,
      el("h3", { text: group.place || "Unnamed place" }),
      el("p", { class: "muted", text: `${count} · ${group.lat.toFixed(2)}, ${group.lon.toFixed(2)}` }),
      el("ul", { class: "event-list popup-list" }, items),
    ];
    if (more) parts.push(more);
    popup.replaceChildren(...parts);
    popup.style.left = `${left}px`;
    popup.style.top = `${top}px`;
    popup.hidden = false;
  }

  function setView() {
    map.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
    drawPoints();
  }

  function zoom(factor, cx, cy) {
    const w = Math.min(W, Math.max(W / 40, view.w / factor));
    const h = (w / W) * H_USED;
    const px = cx === undefined ? view.x + view.w / 2 : cx;
    const py = cy === undefined ? view.y + view.h / 2 : cy;
    view.x = px - ((px - view.x) * w) / view.w;
    view.y = py - ((py - view.y) * h) / view.h;
    view.w = w;
    view.h = h;
    clamp();
    setView();
  }

  function clamp() {
    view.x = Math.min(Math.max(view.x, 0), W - view.w);
    view.y = Math.min(Math.max(view.y, 0), H_USED - view.h);
  }

  function toMap(event) {
    const box = map.getBoundingClientRect();
    return [view.x + ((event.clientX - box.left) / box.width) * view.w, view.y + ((event.clientY - box.top) / box.height) * view.h];
  }

  map.addEventListener("wheel", (event) => {
    event.preventDefault();
    const [x, y] = toMap(event);
    zoom(event.deltaY < 0 ? 1.25 : 0.8, x, y);
  }, { passive: false });
  let drag = null;
  map.addEventListener("pointerdown", (event) => {
    if (event.target.closest(".marker")) return;
    drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y };
    map.classList.add("dragging");
  });
  window.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const box = map.getBoundingClientRect();
    view.x = drag.vx - ((event.clientX - drag.x) / box.width) * view.w;
    view.y = drag.vy - ((event.clientY - drag.y) / box.height) * view.h;
    clamp();
    map.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  });
  window.addEventListener("pointerup", () => {
    drag = null;
    map.classList.remove("dragging");
  });
  map.addEventListener("click", (event) => {
    if (!event.target.closest(".marker")) popup.hidden = true;
  });
  document.getElementById("zoom-in").addEventListener("click", () => zoom(1.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoom(1 / 1.5));
  document.getElementById("zoom-reset").addEventListener("click", () => {
    Object.assign(view, { x: 0, y: 0, w: W, h: H_USED });
    setView();
  });

  async function load() {
    drawGraticule();
    try {
      await drawCountries();
    } catch (err) {
      status.textContent = `Could not load the country outlines: ${err.message}`;
    }
    let data;
    try {
      data = await getJSON(`/api/map?${pageQuery()}`);
    } catch (err) {
      status.textContent = `Could not load the events: ${err.message}`;
      return;
    }
    const byPlace = new Map();
    for (const p of data.points) {
      const key = `${p.lat.toFixed(2)},${p.lon.toFixed(2)}`;
      if (!byPlace.has(key)) byPlace.set(key, { lat: p.lat, lon: p.lon, place: p.place, events: [] });
      byPlace.get(key).events.push(p);
    }
    // Big groups first, so small ones are drawn on top and stay clickable.
    groups = Array.from(byPlace.values()).sort((a, b) => b.events.length - a.events.length);
    drawPoints();
    const shown = data.points.length;
    status.textContent = shown
      ? `${shown} event${shown === 1 ? "" : "s"} at ${groups.length} place${groups.length === 1 ? "" : "s"}` +
        (data.total > shown ? ` (the newest ${shown} of ${data.total})` : "")
      : "No events with coordinates match these filters.";
  }

  load();
})();
