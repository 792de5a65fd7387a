// What a phone user would have to pan or swipe to read: the page wider than the viewport,
// any element reaching past its edges, any box that scrolls sideways. Returns descriptions.
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const page = document.documentElement.scrollWidth;
  if (page > width) out.push("page " + page);
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || style.visibility === "hidden") continue;
    if (el.closest(".visually-hidden, thead")) continue;
    const cls = el.className ? "." + String(el.className).split(" ")[0] : "";
    const name = el.tagName.toLowerCase() + cls;
    if (box.right > width + 0.5 || box.left < -0.5) {
      out.push(name + " " + Math.round(box.left) + "-" + Math.round(box.right));
    }
    const scrolls = ["auto", "scroll"].includes(style.overflowX);
    if (scrolls && el.scrollWidth > el.clientWidth + 1) out.push(name + " scrolls");
  }
  return out;
}
