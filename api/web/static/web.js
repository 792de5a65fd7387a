/* mus-coach pages: live feedback check, "edit and re-check", copy and print.
 * Progressive enhancement only: every form works without this file. UI strings come from the
 * page (#web-i18n, rendered from the catalogue); user text is only ever set as textContent. */
(function () {
  "use strict";

  var strings = {};
  try {
    strings = JSON.parse(document.getElementById("web-i18n").textContent || "{}");
  } catch (e) { /* keep defaults: keys fall back to their names */ }

  function t(key, values) {
    var s = strings[key] || key;
    return s.replace(/\{(\w+)\}/g, function (m, k) { return values && k in values ? values[k] : m; });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var MAX_TEXT = 4000;
  var DEBOUNCE_MS = 400;

  /* --- Live check on the feedback page --------------------------------------------------- */
  function findingMark(f, id) {
    var mark = el("mark", "finding cat-" + f.category);
    mark.tabIndex = 0;
    mark.setAttribute("aria-describedby", id);
    return mark;
  }

  function tipFor(f, id) {
    var tip = el("span", "tip");
    tip.id = id;
    tip.setAttribute("role", "tooltip");
    tip.appendChild(el("strong", "", t("cat_" + f.category) + ": "));
    tip.appendChild(document.createTextNode(f.explanation));
    return tip;
  }

  /* "[…]" gaps to fill in, styled as on the server (views.PLACEHOLDER). */
  var PLACEHOLDER = /\[[^\[\]\n]{1,80}\]/g;
  function appendWithPlaceholders(node, piece) {
    var pos = 0;
    piece.replace(PLACEHOLDER, function (match, offset) {
      if (offset > pos) node.appendChild(document.createTextNode(piece.slice(pos, offset)));
      node.appendChild(el("span", "placeholder", match));
      pos = offset + match.length;
      return match;
    });
    if (pos < piece.length) node.appendChild(document.createTextNode(piece.slice(pos)));
  }

  /* Same nesting as the server's views.finding_tree: a finding inside another is nested in it,
   * one that crosses another's edge is left out. */
  function renderPreview(preview, text, findings) {
    preview.replaceChildren();
    var spans = findings.map(function (f, n) { return { f: f, n: n }; })
      .filter(function (s) { return s.f.start >= 0 && s.f.start < s.f.end && s.f.end <= text.length; })
      .sort(function (a, b) { return a.f.start - b.f.start || b.f.end - a.f.end; });
    var root = { node: preview, end: text.length, pos: 0 };
    var stack = [root];
    function flush(frame, upto) {
      if (upto > frame.pos) appendWithPlaceholders(frame.node, text.slice(frame.pos, upto));
      frame.pos = Math.max(frame.pos, upto);
    }
    function close() {
      var frame = stack.pop();
      flush(frame, frame.end);
      frame.node.appendChild(frame.tip);
      stack[stack.length - 1].pos = frame.end;
    }
    spans.forEach(function (s) {
      while (stack.length > 1 && s.f.start >= stack[stack.length - 1].end) close();
      var parent = stack[stack.length - 1];
      if (s.f.end > parent.end) return;
      flush(parent, s.f.start);
      var id = "live-tip-" + s.n;
      var mark = findingMark(s.f, id);
      parent.node.appendChild(mark);
      stack.push({ node: mark, end: s.f.end, pos: s.f.start, tip: tipFor(s.f, id) });
    });
    while (stack.length > 1) close();
    flush(root, text.length);
  }

  function renderList(list, data) {
    list.replaceChildren();
    data.findings.forEach(function (f) {
      var li = el("li");
      li.appendChild(el("span", "cat-badge cat-" + f.category, t("cat_" + f.category)));
      li.appendChild(document.createTextNode(" " + f.explanation));
      list.appendChild(li);
    });
  }

  function renderStrengths(box, strengths) {
    var list = box.querySelector("ul");
    list.replaceChildren();
    (strengths || []).forEach(function (s) { list.appendChild(el("li", "", s)); });
    box.hidden = list.children.length === 0;
  }

  function setupLiveCheck() {
    var textarea = document.querySelector("[data-live-check]");
    var live = document.getElementById("live");
    if (!textarea || !live || !window.fetch) return null;
    var status = document.getElementById("live-status");
    var preview = document.getElementById("live-preview");
    var list = document.getElementById("live-findings");
    var strengths = document.getElementById("live-strengths");
    var timer = null;
    var controller = null;
    var seq = 0;

    /* The box shows only with something in it: with an empty text field (a fresh page, or
     * after an empty submit) it stays hidden rather than showing an empty heading. */
    function show(message, kind) {
      status.textContent = message;
      status.className = "live-status" + (kind ? " " + kind : "");
      live.hidden = !message && !preview.hasChildNodes();
    }

    function clear() {
      preview.replaceChildren();
      list.replaceChildren();
      renderStrengths(strengths, []);
      show("", "");
    }

    async function run() {
      var text = textarea.value;
      if (controller) controller.abort();
      if (!text.trim()) { clear(); return; }
      if (text.length > MAX_TEXT) { clear(); show(t("live_too_long", { max: MAX_TEXT }), "found"); return; }
      controller = new AbortController();
      var mine = ++seq;
      live.setAttribute("aria-busy", "true");
      try {
        var res = await fetch("/v1/feedback/analyze", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Accept": "application/json" },
          body: JSON.stringify({ text: text }),
          signal: controller.signal
        });
        if (!res.ok) throw new Error("HTTP " + res.status);
        var data = await res.json();
        if (mine !== seq) return;
        renderPreview(preview, text, data.findings);
        renderList(list, data);
        renderStrengths(strengths, data.strengths);
        var n = data.findings.length;
        if (n === 0) show(t("live_none"), "clear");
        else show(n === 1 ? t("live_found_one") : t("live_found_many", { count: n }), "found");
        // The live panel now shows what the server-rendered assessment showed: keep one.
        var rendered = document.getElementById("analysis-section");
        if (rendered) rendered.hidden = true;
      } catch (err) {
        if (err.name === "AbortError") return;
        if (mine === seq) { clear(); show(t("live_unavailable"), ""); }
      } finally {
        if (mine === seq) live.removeAttribute("aria-busy");
      }
    }

    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    if (textarea.value.trim()) run();
    return { textarea: textarea, run: run };
  }

  /* Rehearsal: put a suggestion back in the text field, to edit and check again. */
  function setupSuggestions(check) {
    if (!check) return;
    document.querySelectorAll("form[data-use-suggestion]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        check.textarea.value = form.elements.namedItem("text").value;
        check.textarea.scrollIntoView({ block: "center" });
        check.textarea.focus();
        check.run();
      });
    });
  }

  /* Hover/focus tooltips: Escape hides the one in focus (WCAG 1.4.13). */
  function setupTooltips() {
    document.addEventListener("keydown", function (event) {
      var active = document.activeElement;
      if (event.key === "Escape" && active && active.classList.contains("finding")) {
        active.classList.add("tip-dismissed");
      }
    });
    document.addEventListener("focusout", function (event) {
      if (event.target.classList && event.target.classList.contains("finding")) {
        event.target.classList.remove("tip-dismissed");
      }
    });
  }

  /* --- Prep sheet: print and copy as Markdown -------------------------------------------- */
  function setupSheetTools() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.querySelector(button.getAttribute("data-copy"));
      var status = button.parentElement.querySelector(".copy-status");
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", async function () {
        var ok = false;
        try {
          await navigator.clipboard.writeText(source.value);
          ok = true;
        } catch (e) {
          var details = source.closest("details");
          if (details) details.open = true;
          source.focus();
          source.select();
          try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
        }
        if (status) status.textContent = ok ? t("copied") : t("copy_failed");
      });
    });
  }

  function init() {
    setupSuggestions(setupLiveCheck());
    setupTooltips();
    setupSheetTools();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
