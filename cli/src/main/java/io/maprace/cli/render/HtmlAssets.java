package io.maprace.cli.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The HTML report's stylesheet and script, inline so the page needs nothing at view time. The page's
 * Content-Security-Policy allows exactly these two by hash: markup that got past the escaping still could not
 * run a script or load anything.
 */
final class HtmlAssets {

    private HtmlAssets() {
    }

    static final String CSS = """
            :root { --ink: #1f2933; --muted: #616e7c; --line: #e3e7eb; --bg: #f4f5f7; --card: #fff;
              --proven: #c62828; --likely: #ef6c00; --candidate: #78838f; --blocks: #37474f; --cycle: #6a1b9a;
              --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.45;
              font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            header.top { background: #1d2733; color: #fff; padding: 20px 0 18px; }
            .wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
            .brand { font-size: 12px; letter-spacing: .12em; text-transform: uppercase; color: #9fb3c8; }
            h1 { font-size: 22px; margin: 4px 0 12px; font-weight: 600; }
            h2 { font-size: 17px; margin: 28px 0 10px; font-weight: 600; }
            h3 { font-size: 15px; margin: 0; font-weight: 600; }
            h4 { font-size: 12px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .06em;
              color: var(--muted); font-weight: 600; }
            h5 { font-size: 13px; margin: 12px 0 6px; font-weight: 600; }
            h6 { font-size: 12px; margin: 0 0 6px; font-weight: 600; }
            dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0; }
            dl.meta dt { color: #9fb3c8; }
            dl.meta dd { margin: 0; }
            dl.meta code { color: #fff; background: rgba(255,255,255,.08); }
            .counts { margin-top: 14px; display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
            code, pre { font-family: var(--mono); font-size: 12px; }
            code { background: #f1f3f5; padding: 1px 4px; border-radius: 3px; }
            td.kind, .kind { white-space: nowrap; }
            .muted { color: var(--muted); }
            .badge { display: inline-block; border-radius: 10px; padding: 1px 9px; font-size: 11.5px;
              font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #fff;
              background: var(--candidate); white-space: nowrap; }
            .badge.proven { background: var(--proven); }
            .badge.likely { background: var(--likely); }
            .badge.candidate { background: var(--candidate); }
            .badge.none { background: #2e7d32; }
            .badge.warn { background: #8d6e00; }
            section.panel, .finding { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
              padding: 16px 20px; margin: 0 0 16px; }
            .clean { border-left: 5px solid #2e7d32; font-size: 15px; }
            table { border-collapse: collapse; width: 100%; font-size: 13px; }
            th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px;
              border-bottom: 1px solid var(--line); padding: 5px 8px; white-space: nowrap; }
            td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
            tbody tr:nth-child(even) td { background: #fafbfc; }
            table.summary tr { cursor: pointer; }
            table.summary tr.active td, table.summary tbody tr:hover td { background: #eef4fb; }
            table.summary a { color: inherit; text-decoration: none; font-weight: 600; }
            .num { font-variant-numeric: tabular-nums; }
            td .num { display: block; text-align: right; }
            .thread { white-space: nowrap; font-weight: 500; }
            .tid { color: var(--muted); font-weight: 400; }
            .chips { display: flex; flex-wrap: wrap; gap: 4px 6px; }
            .chip { background: #eef1f4; border-radius: 4px; padding: 1px 7px; font-size: 12.5px; }
            .graph-wrap { overflow-x: auto; text-align: center; }
            .timeline-wrap { overflow-x: auto; }
            svg.timeline { max-width: 100%; height: auto; font: 11px system-ui, -apple-system, "Segoe UI", sans-serif; }
            svg.timeline .tl-track { fill: #f5f7f9; }
            svg.timeline .tl-tick { stroke: #dde3e8; }
            svg.timeline .tl-time, svg.timeline .tl-label { fill: #37474f; }
            svg.timeline .tl-stuck-run { fill: #c62828; }
            svg.timeline .tl-lock-wait { fill: #ef6c00; }
            svg.timeline .tl-co-sampled { fill: #fff; stroke: #b71c1c; stroke-width: 1.6; }
            svg.timeline .tl-exception { stroke: #6a1b9a; stroke-width: 2; fill: none; }
            svg.timeline a .tl-mark { cursor: pointer; }
            svg.timeline a.active .tl-mark { stroke: #000; stroke-width: 1.2; }
            .site-0 { fill: #1565c0; background: #1565c0; } .site-1 { fill: #2e7d32; background: #2e7d32; }
            .site-2 { fill: #6d4c41; background: #6d4c41; } .site-3 { fill: #00838f; background: #00838f; }
            .site-4 { fill: #5e35b1; background: #5e35b1; } .site-5 { fill: #9e9d24; background: #9e9d24; }
            .site-6 { fill: #ad1457; background: #ad1457; } .site-7 { fill: #455a64; background: #455a64; }
            .tl-site { white-space: nowrap; margin-right: 12px; }
            .tl-key { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 4px;
              vertical-align: middle; }
            svg.graph { max-width: 100%; height: auto; font-family: system-ui, -apple-system, "Segoe UI", Roboto,
              Arial, sans-serif; }
            svg.graph .edge path { fill: none; }
            svg.graph .edge path.hit { stroke: transparent; stroke-width: 12; stroke-dasharray: none; }
            svg.graph .race.proven path { stroke: var(--proven); stroke-width: 2.6; }
            svg.graph .race.likely path { stroke: var(--likely); stroke-width: 2.2; stroke-dasharray: 7 4; }
            svg.graph .race.candidate path { stroke: #9e9e9e; stroke-width: 1.6; stroke-dasharray: 2 3; }
            svg.graph .blocks path { stroke: var(--blocks); stroke-width: 1.4; }
            svg.graph .blocks.cycle path { stroke: var(--cycle); stroke-width: 2.6; }
            svg.graph .edge text { font-size: 10.5px; fill: #37474f; paint-order: stroke; stroke: #fff;
              stroke-width: 3px; stroke-linejoin: round; }
            svg.graph .node circle { fill: #fff; stroke: #546e7a; stroke-width: 1.6; }
            svg.graph .node.proven circle { fill: #ffebee; stroke: var(--proven); }
            svg.graph .node.likely circle { fill: #fff3e0; stroke: var(--likely); }
            svg.graph .node.candidate circle { fill: #f5f5f5; stroke: #9e9e9e; }
            svg.graph .node circle.ring { fill: none; stroke: var(--cycle); stroke-width: 2; }
            svg.graph .node text { font-size: 11.5px; fill: #263238; paint-order: stroke; stroke: #fff;
              stroke-width: 3px; stroke-linejoin: round; }
            svg.graph .edge, svg.graph .node { cursor: pointer; transition: opacity .15s; }
            svg.graph.focus .edge:not(.hl), svg.graph.focus .node:not(.hl) { opacity: .15; }
            svg.graph .edge.hl path:not(.hit) { stroke-width: 3.6; }
            .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 12px; color: var(--muted);
              margin: 2px 0 10px; }
            .legend span { display: inline-flex; align-items: center; gap: 6px; }
            .legend line { stroke-width: 2.4; }
            .legend .lg-proven { stroke: var(--proven); }
            .legend .lg-likely { stroke: var(--likely); stroke-dasharray: 6 3; }
            .legend .lg-candidate { stroke: #9e9e9e; stroke-dasharray: 2 3; }
            .legend .lg-blocks { stroke: var(--blocks); }
            .legend .lg-cycle { stroke: var(--cycle); }
            .legend path.lg-blocks { fill: var(--blocks); stroke: none; }
            .legend path.lg-cycle { fill: var(--cycle); stroke: none; }
            ul.plain { margin: 6px 0 0; padding-left: 18px; }
            .finding { border-left: 5px solid var(--candidate); scroll-margin-top: 12px; }
            .finding.proven { border-left-color: var(--proven); }
            .finding.likely { border-left-color: var(--likely); }
            .finding.active { box-shadow: 0 0 0 2px #90caf9; }
            .finding > header { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
            .fid { font-family: var(--mono); font-weight: 700; color: var(--muted); }
            .kind { font-size: 12px; color: var(--muted); }
            .finding .pin { margin-left: auto; font-size: 12px; color: #1565c0; text-decoration: none; }
            dl.facts { display: grid; grid-template-columns: 90px 1fr; gap: 6px 12px; margin: 12px 0 0; }
            dl.facts dt { color: var(--muted); font-size: 12.5px; padding-top: 1px; }
            dl.facts dd { margin: 0; }
            dl.facts ul { margin: 0; padding: 0; list-style: none; }
            .stack { font-family: var(--mono); font-size: 12px; background: #f6f8fa; border-radius: 4px;
              padding: 4px 6px; line-height: 1.35; }
            .stack > div, .stack details > div { padding-left: 2em; text-indent: -2em; }
            details summary { cursor: pointer; color: #1565c0; font-size: 12.5px; margin: 4px 0; }
            details.frames summary { font-size: 11.5px; }
            .lock { display: inline-block; border: 1px solid var(--line); border-radius: 4px; padding: 0 6px;
              font-family: var(--mono); font-size: 12px; margin: 0 4px 2px 0; background: #f6f8fa; }
            .lock em { font-style: normal; color: var(--muted); }
            .lock.shared { border-color: var(--likely); background: #fff3e0; }
            .lock.shared strong { color: #b23c00; font-family: system-ui, sans-serif; font-size: 11.5px; }
            .lock.none { color: var(--proven); border-color: #f3c6c6; background: #fff5f5; }
            .proof { border: 1px solid #f3c6c6; background: #fff8f8; border-radius: 6px; padding: 10px 12px;
              margin: 10px 0; }
            .proof-head { margin-bottom: 8px; }
            .proof-cols { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
            .proof-side { min-width: 0; }
            .proof-side .locks { margin-bottom: 6px; }
            .prose p { margin: 4px 0 8px; max-width: 80ch; }
            .advice { background: #f1f8e9; border-radius: 6px; padding: 4px 12px 2px; margin-top: 8px; }
            .warnings li { margin: 4px 0; }
            footer { color: var(--muted); font-size: 12px; padding: 8px 0 32px; }
            @media (max-width: 760px) { .proof-cols { grid-template-columns: 1fr; } }
            @media print { body { background: #fff; } .finding, section.panel { break-inside: avoid; }
              .pin { display: none; } }
            """;

    /**
     * Highlights a finding's threads and edges in the graph while its summary row or card is hovered, pins the
     * highlight on click, and takes a click in the graph to the first finding of what was clicked. Without
     * script the page reads the same, only without the highlighting.
     */
    static final String JS = """
            (function () {
              var svg = document.querySelector('svg.graph');
              var pinned = null;
              function has(el, id) {
                return (' ' + (el.getAttribute('data-findings') || '') + ' ').indexOf(' ' + id + ' ') >= 0;
              }
              function each(selector, fn) {
                var els = document.querySelectorAll(selector);
                for (var i = 0; i < els.length; i++) { fn(els[i]); }
              }
              function show(id) {
                each('[data-finding]', function (el) {
                  el.classList.toggle('active', id !== null && el.getAttribute('data-finding') === id);
                });
                if (!svg) { return; }
                svg.classList.toggle('focus', id !== null);
                each('svg.graph [data-findings]', function (el) {
                  el.classList.toggle('hl', id !== null && has(el, id));
                });
              }
              each('[data-finding]', function (el) {
                var id = el.getAttribute('data-finding');
                el.addEventListener('mouseenter', function () { if (pinned === null) { show(id); } });
                el.addEventListener('mouseleave', function () { if (pinned === null) { show(null); } });
              });
              each('tr[data-finding]', function (row) {
                row.addEventListener('click', function (ev) {
                  if (ev.target.closest('a')) { return; }
                  var id = row.getAttribute('data-finding');
                  pinned = pinned === id ? null : id;
                  show(pinned);
                });
              });
              each('a.pin', function (a) {
                a.addEventListener('click', function () {
                  pinned = a.closest('[data-finding]').getAttribute('data-finding');
                  show(pinned);
                });
              });
              if (svg) {
                svg.addEventListener('click', function (ev) {
                  var el = ev.target.closest('[data-findings]');
                  var ids = el ? el.getAttribute('data-findings').split(' ').filter(Boolean) : [];
                  if (!ids.length) { pinned = null; show(null); return; }
                  pinned = ids[0];
                  show(pinned);
                  each('section.finding[data-finding]', function (card) {
                    if (card.getAttribute('data-finding') === ids[0]) {
                      card.scrollIntoView({ behavior: 'smooth', block: 'start' });
                    }
                  });
                });
              }
            })();
            """;

    /** A CSP source for an inline element's exact text: {@code 'sha256-...'}. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static final String CSP = "default-src 'none'; style-src " + hash(CSS) + "; script-src " + hash(JS)
            + "; img-src data:; base-uri 'none'; form-action 'none'";
}
