// Network: actors as nodes, events as directed edges (width: count, colour: mean intensity),
// laid out by a small force simulation; drag nodes, click an edge for its events.
"use strict";

(function () {
  const { el, svg, getJSON, pageQuery, eventList, tooltip, message } = window.ew;
  const { intensityColour } = window.ewCharts;
  const root = document.getElementById("network");
  if (!root) return;
  const status = document.getElementById("network-status");
  const details = document.getElementById("edge-events");
  const tip = tooltip();
  const W = 960;
  const H = 600;
  const PAD = 40;

  // Fruchterman–Reingold with a pull to the centre, so separate clusters stay in view.
  function layout(nodes, edges) {
    const n = nodes.length;
    nodes.forEach((node, i) => {
      const angle = (2 * Math.PI * i) / Math.max(n, 1);
      node.x = W / 2 + (W / 4) * Math.cos(angle);
      node.y = H / 2 + (H / 4) * Math.sin(angle);
    });
    const index = new Map(nodes.map((node) => [node.id, node]));
    const links = edges.map((e) => [index.get(e.source), index.get(e.target)]);
    const k = Math.sqrt(((W - 2 * PAD) * (H - 2 * PAD)) / Math.max(n, 1)) * 0.5;
    let temperature = W / 10;
    for (let step = 0; step < 300; step++) {
      for (const node of nodes) {
        node.dx = (W / 2 - node.x) * 0.12;
        node.dy = (H / 2 - node.y) * 0.12;
      }
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const a = nodes[i];
          const b = nodes[j];
          const dx = a.x - b.x;
          const dy = a.y - b.y;
          const d = Math.max(Math.sqrt(dx * dx + dy * dy), 0.01);
          // Repulsion stops at 3k, so the centre's pull keeps separate clusters nearby.
          if (d > 3 * k) continue;
          const push = (k * k) / d / d;
          a.dx += dx * push;
          a.dy += dy * push;
          b.dx -= dx * push;
          b.dy -= dy * push;
        }
      }
      for (const [a, b] of links) {
        const dx = a.x - b.x;
        const dy = a.y - b.y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 0.01);
        const pull = d / k;
        a.dx -= dx * pull;
        a.dy -= dy * pull;
        b.dx += dx * pull;
        b.dy += dy * pull;
      }
      for (const node of nodes) {
        const length = Math.max(Math.sqrt(node.dx * node.dx + node.dy * node.dy), 0.01);
        const move = Math.min(length, temperature);
        node.x = Math.max(PAD, Math.min(W - PAD, node.x + (node.dx / length) * move));
        node.y = Math.max(PAD, Math.min(H - PAD, node.y + (node.dy / length) * move));
      }
      temperature = Math.max(temperature * 0.97, 1);
    }
    fit(nodes);
    return index;
  }

  // Scale and centre the layout to fill the drawing, keeping its proportions.
  function fit(nodes) {
    if (!nodes.length) return;
    const xs = nodes.map((node) => node.x);
    const ys = nodes.map((node) => node.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const scale = Math.min((W - 2 * PAD) / Math.max(x1 - x0, 1), (H - 2 * PAD) / Math.max(y1 - y0, 1), 2);
    for (const node of nodes) {
      node.x = W / 2 + (node.x - (x0 + x1) / 2) * scale;
      node.y = H / 2 + (node.y - (y0 + y1) / 2) * scale;
    }
  }

  function draw(data) {
    const nodes = data.nodes;
    const edges = data.edges;
    const index = layout(nodes, edges);
    const maxEdge = Math.max(1, ...edges.map((e) => e.events));
    const maxNode = Math.max(1, ...nodes.map((n) => n.in + n.out));
    for (const node of nodes) node.r = 9 + 14 * Math.sqrt((node.in + node.out) / maxNode);
    const edgeLayer = svg("g", { class: "edges" });
    const nodeLayer = svg("g", { class: "nodes" });
    root.replaceChildren(edgeLayer, nodeLayer);

    const drawn = edges.map((edge) => {
      const width = 1.2 + 7 * Math.sqrt(edge.events / maxEdge);
      const colour = intensityColour(edge.mean_intensity);
      const path = svg("path", { class: "edge", stroke: colour, "stroke-width": width });
      const head = svg("path", { fill: colour, class: "arrow" });
      const text = `${edge.source} → ${edge.target}: ${edge.events} event${edge.events === 1 ? "" : "s"}, mean intensity ${edge.mean_intensity > 0 ? "+" : ""}${edge.mean_intensity}`;
      for (const part of [path, head]) {
        part.addEventListener("mousemove", (event) => tip.show(event, text));
        part.addEventListener("mouseleave", () => tip.hide());
        part.addEventListener("click", () => {
          for (const old of edgeLayer.querySelectorAll(".selected")) old.classList.remove("selected");
          path.classList.add("selected");
          showEdge(edge);
        });
      }
      edgeLayer.append(path, head);
      return { edge, path, head, width };
    });

    function place() {
      for (const { edge, path, head, width } of drawn) {
        const a = index.get(edge.source);
        const b = index.get(edge.target);
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        // Bend every edge to its left, so A→B and B→A never overlap.
        const cx = (a.x + b.x) / 2 - (dy / d) * d * 0.15;
        const cy = (a.y + b.y) / 2 + (dx / d) * d * 0.15;
        const tx = b.x - cx;
        const ty = b.y - cy;
        const t = Math.max(Math.sqrt(tx * tx + ty * ty), 1);
        const ux = tx / t;
        const uy = ty / t;
        const size = 5 + width * 1.2;
        const tipX = b.x - ux * (b.r + 2);
        const tipY = b.y - uy * (b.r + 2);
        const baseX = tipX - ux * size;
        const baseY = tipY - uy * size;
        path.setAttribute("d", `M${a.x},${a.y}Q${cx},${cy} ${baseX},${baseY}`);
        head.setAttribute(
          "d",
          `M${tipX},${tipY}L${baseX - uy * size * 0.55},${baseY + ux * size * 0.55}L${baseX + uy * size * 0.55},${baseY - ux * size * 0.55}Z`
        );
      }
      for (const node of nodes) node.g.setAttribute("transform", `translate(${node.x},${node.y})`);
    }

    for (const node of nodes) {
      node.g = svg("g", { class: "node" }, [
        svg("circle", { r: node.r }),
        svg("text", { "text-anchor": "middle", dy: 4, text: node.id }),
      ]);
      node.g.addEventListener("mousemove", (event) =>
        tip.show(event, `${node.id}: ${node.out} events as source, ${node.in} as target`)
      );
      node.g.addEventListener("mouseleave", () => tip.hide());
      node.g.addEventListener("pointerdown", (event) => {
        event.preventDefault();
        const box = root.getBoundingClientRect();
        const move = (e) => {
          node.x = Math.max(PAD, Math.min(W - PAD, ((e.clientX - box.left) / box.width) * W));
          node.y = Math.max(PAD, Math.min(H - PAD, ((e.clientY - box.top) / box.height) * H));
          place();
        };
        const up = () => {
          window.removeEventListener("pointermove", move);
          window.removeEventListener("pointerup", up);
        };
        window.addEventListener("pointermove", move);
        window.addEventListener("pointerup", up);
      });
      nodeLayer.append(node.g);
    }
    place();
  }

  async function showEdge(edge) {
    details.hidden = false;
    const source = edge.source.slice(0, 3);
    const target = edge.target.slice(0, 3);
    const heading = el("h2", { text: `Events ${source} → ${target}` });
    details.replaceChildren(heading, el("p", { class: "muted", text: "Loading…" }));
    const params = pageQuery({ source, target, limit: 200, by: null, min_count: null });
    try {
      const page = await getJSON(`/api/events?${params}`);
      details.replaceChildren(heading, eventList(page.items));
      if (page.total > page.items.length) {
        details.append(el("p", { class: "muted", text: `Showing ${page.items.length} of ${page.total}.` }));
      }
    } catch (err) {
      message(details, `Could not load the events: ${err.message}`);
    }
    details.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }

  async function load() {
    let data;
    try {
      data = await getJSON(`/api/network?${pageQuery()}`);
    } catch (err) {
      status.textContent = `Could not load the network: ${err.message}`;
      return;
    }
    if (!data.edges.length) {
      status.textContent = "No events between actors of two different nodes match these filters.";
      root.replaceChildren();
      return;
    }
    const total = data.edges.reduce((sum, e) => sum + e.events, 0);
    status.textContent = `${data.nodes.length} actors, ${data.edges.length} pairs, ${total} event links` +
      (data.edges.length >= data.max_edges ? ` (the ${data.max_edges} heaviest pairs)` : "");
    draw(data);
  }

  load();
})();
