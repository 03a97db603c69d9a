// Shared helpers. Stored strings only ever enter the page through textContent or
// setAttribute, never innerHTML, so a title or a name cannot become markup.
"use strict";

(function () {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const QUADS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
  };

  // An HTML element with attributes and children (strings become text nodes).
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    setAll(node, attrs);
    append(node, children);
    return node;
  }

  // An SVG element with attributes and children.
  function svg(tag, attrs, children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAll(node, attrs);
    append(node, children);
    return node;
  }

  function setAll(node, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else node.setAttribute(key, String(value));
    }
  }

  function append(node, children) {
    for (const child of [].concat(children === undefined ? [] : children)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      body = null;
    }
    if (!response.ok) {
      const detail = body && typeof body.detail === "string" ? body.detail : response.statusText;
      throw new Error(`${response.status}: ${detail}`);
    }
    return body;
  }

  // Query parameters of the current page, for an API call that keeps its filters.
  function pageQuery(extra) {
    const params = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(extra || {})) {
      params.delete(key);
      if (value !== null && value !== undefined && value !== "") params.set(key, value);
    }
    return params;
  }

  function actorNames(actors) {
    return (actors || [])
      .map((a) => (a.country ? `${a.name || "?"} (${a.country})` : a.name || "?"))
      .join("; ");
  }

  function articleHref(articleId, idx) {
    const hash = idx === undefined || idx === null ? "" : `#item-event-${idx}`;
    return `/articles/${encodeURIComponent(articleId)}${hash}`;
  }

  // A list of events (as /api/events gives them) as <ul class="event-list">.
  function eventList(items) {
    return el(
      "ul",
      { class: "event-list" },
      items.map((e) =>
        el("li", { class: `q${e.quad_class}` }, [
          el("strong", { text: e.type }),
          " ",
          el("span", { class: `quad quad-${e.quad_class}`, text: QUADS[e.quad_class] || "" }),
          " ",
          el("span", {
            class: "meta",
            text: [e.date, e.status, e.place ? e.place.name : null].filter(Boolean).join(" · "),
          }),
          el("span", {
            class: "text",
            text: `${actorNames(e.source) || "?"} → ${actorNames(e.target) || "?"}: “${e.trigger || ""}”`,
          }),
          el("a", {
            class: "article-link",
            href: articleHref(e.article_id, e.idx),
            text: e.article.title || e.article_id,
          }),
        ])
      )
    );
  }

  function tooltip() {
    const tip = el("div", { class: "tip", hidden: "hidden" });
    document.body.append(tip);
    return {
      show(event, text) {
        tip.textContent = text;
        tip.hidden = false;
        tip.style.left = `${event.clientX + 14}px`;
        tip.style.top = `${event.clientY + 14}px`;
      },
      hide() {
        tip.hidden = true;
      },
    };
  }

  function message(container, text, className) {
    container.replaceChildren(el("p", { class: className || "empty", text: text }));
  }

  window.ew = {
    QUADS,
    el,
    svg,
    getJSON,
    pageQuery,
    actorNames,
    articleHref,
    eventList,
    tooltip,
    message,
  };
})();
