// Small chart helpers: linear scales, nice ticks, dates. No charting library needed.
"use strict";

(function () {
  function linear(domain, range) {
    const [d0, d1] = domain;
    const [r0, r1] = range;
    const span = d1 - d0 || 1;
    return (value) => r0 + ((value - d0) / span) * (r1 - r0);
  }

  // About `count` round tick values covering [lo, hi].
  function ticks(lo, hi, count) {
    if (hi === lo) return [lo];
    const raw = (hi - lo) / Math.max(count, 1);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => raw <= s) || 10 * power;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Math.round(v / step) * step);
    }
    return out;
  }

  function parseDay(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d));
  }

  function isoDay(date) {
    return date.toISOString().slice(0, 10);
  }

  // The first day of the period after `date`.
  function nextPeriod(date, by) {
    const next = new Date(date.getTime());
    if (by === "month") next.setUTCMonth(next.getUTCMonth() + 1);
    else next.setUTCDate(next.getUTCDate() + (by === "week" ? 7 : 1));
    return next;
  }

  // The last day of the period that starts on `iso`.
  function periodEnd(iso, by) {
    const end = nextPeriod(parseDay(iso), by);
    end.setUTCDate(end.getUTCDate() - 1);
    return isoDay(end);
  }

  // Every period from the first to the last of `series`, empty ones filled with zeros.
  function fillPeriods(series, by, limit) {
    if (!series.length) return [];
    const known = new Map(series.map((p) => [p.period, p]));
    const out = [];
    const last = parseDay(series[series.length - 1].period);
    for (let d = parseDay(series[0].period); d <= last; d = nextPeriod(d, by)) {
      const key = isoDay(d);
      out.push(
        known.get(key) || {
          period: key,
          events: 0,
          verbal_cooperation: 0,
          material_cooperation: 0,
          verbal_conflict: 0,
          material_conflict: 0,
          intensity: 0,
        }
      );
      if (out.length > limit) return series;
    }
    return out;
  }

  // Diverging colour for an intensity in [-10, 10]: conflict red, neutral grey, cooperation blue.
  function intensityColour(value) {
    const t = Math.max(-1, Math.min(1, value / 10));
    const neutral = [184, 192, 202];
    const end = t < 0 ? [200, 53, 43] : [47, 109, 181];
    const mix = neutral.map((c, i) => Math.round(c + (end[i] - c) * Math.abs(t)));
    return `rgb(${mix.join(",")})`;
  }

  window.ewCharts = { linear, ticks, parseDay, isoDay, periodEnd, fillPeriods, intensityColour };
})();
