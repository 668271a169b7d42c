// Editing on the review page: targets edited in place, saved (checked again at once) and
// approved through the JSON API; keyboard navigation. Text from the server is only ever
// set as textContent, never as HTML.
"use strict";
(function () {
  document.body.classList.add("js");
  const rows = Array.from(document.querySelectorAll("tr.row"));
  let current = 0;

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function select(k, scroll) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, k));
    rows.forEach((r, i) => r.classList.toggle("current", i === current));
    if (scroll) rows[current].scrollIntoView({ block: "center" });
  }

  function cellOf(node) { return node.closest("td.tgt"); }
  function textOf(cell) { return cell.querySelector(".text"); }

  function notice(cell, kind, message) {
    const box = cell.querySelector(".notice");
    box.replaceChildren();
    box.className = "notice " + kind;
    box.hidden = !message;
    if (message) box.appendChild(el("span", "", message));
    return box;
  }

  function edit(cell) {
    const text = textOf(cell);
    text.setAttribute("contenteditable", "true");
    text.classList.add("editing");
    text.focus();
    select(rows.indexOf(cell.closest("tr.row")), false);
  }

  function stopEditing(cell) {
    const text = textOf(cell);
    text.removeAttribute("contenteditable");
    text.classList.remove("editing");
  }

  function show(cell, target) {
    cell.dataset.version = String(target.version);
    const text = textOf(cell);
    if (text.getAttribute("contenteditable") !== "true") text.textContent = target.text;
    const state = cell.querySelector(".state");
    state.className = "state" + (target.approved ? " approved" : "");
    state.textContent = (target.approved
      ? "approved by " + target.approved.reviewer + " (" + target.approved.approved_at + ")"
      : target.draft ? "draft, not approved" : "machine translation") + " · v" + target.version;
    const badges = cell.querySelector(".badges");
    badges.replaceChildren(...target.badges.map((b) => {
      const li = el("li", "badge " + b.status, (b.expected || b.term) + ": " + b.status);
      li.title = b.term + " → " + b.expected;
      return li;
    }));
    const findings = cell.querySelector(".findings");
    findings.replaceChildren(...target.findings.map((f) => {
      const li = el("li", "finding " + f.severity, f.severity + " · " + f.check + ": " + f.message);
      li.dataset.check = f.check;
      return li;
    }));
  }

  function showProposals(proposals) {
    const box = document.getElementById("proposals");
    box.replaceChildren();
    if (!proposals.length) return;
    box.appendChild(el("h2", "", "Glossary proposals"));
    box.appendChild(el("p", "meta", "Approved edits put the same other wording in place of a "
      + "glossary term: accepting writes glossary-proposal.tsv beside the run, for the "
      + "terminologist. The glossary itself is never changed."));
    const list = el("ul");
    for (const p of proposals) {
      const li = el("li", "proposal");
      li.dataset.term = p.term; li.dataset.lang = p.lang; li.dataset.wording = p.wording;
      const term = el("span", "", p.term); term.dir = "rtl"; term.lang = "fa";
      li.append(term, " (" + p.lang + "): the glossary says «" + p.expected + "», reviewers wrote «"
        + p.wording + "» in " + p.count + " segments (" + p.segments.join(", ") + ")");
      if (p.accepted) li.append(" · ", el("b", "", "accepted"));
      else li.append(" ", el("button", "js-only accept", "Accept"));
      list.appendChild(li);
    }
    box.appendChild(list);
  }

  async function post(url, data) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
    });
    let body = null;
    try { body = await response.json(); } catch (e) { body = { error: "no answer from the server" }; }
    return { status: response.status, body: body };
  }

  async function send(cell, kind) {
    const text = textOf(cell).textContent;
    const data = {
      lang: cell.dataset.lang,
      index: Number(cell.dataset.index),
      text: text,
      version: Number(cell.dataset.version),
    };
    notice(cell, "", "");
    const { status, body } = await post("/api/" + kind, data);
    if (status === 409) {
      // Refused: the reviewer's text stays in the editor; theirs is shown beside it.
      const box = notice(cell, "conflict", "Not saved: " + body.error);
      box.appendChild(el("div", "theirs", "Their version (v" + body.current.version + "): "
        + body.current.text));
      const keep = el("button", "", "Keep mine over theirs");
      keep.type = "button";
      keep.addEventListener("click", () => {
        cell.dataset.version = String(body.current.version);
        notice(cell, "", "");
      });
      box.appendChild(keep);
      cell.dataset.conflict = "1";
      return;
    }
    if (status !== 200) {
      notice(cell, "failed", "Not saved: " + (body && body.error ? body.error : "error " + status));
      return;
    }
    delete cell.dataset.conflict;
    if (kind === "approve") stopEditing(cell);
    show(cell, body.target);
    showProposals(body.proposals);
    notice(cell, "ok", kind === "approve" ? "Approved and written to the run's files."
      : "Saved as a draft and checked again.");
  }

  function focusedCell() {
    const active = document.activeElement;
    if (active && active.closest) {
      const cell = active.closest("td.tgt");
      if (cell) return cell;
    }
    return rows.length ? rows[current].querySelector("td.tgt") : null;
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) {
      const row = event.target.closest("tr.row");
      if (row) select(rows.indexOf(row), false);
      return;
    }
    if (button.classList.contains("accept")) {
      const li = button.closest("li.proposal");
      post("/api/accept", { term: li.dataset.term, lang: li.dataset.lang, wording: li.dataset.wording })
        .then(({ status, body }) => {
          if (status === 200) showProposals(body.proposals);
          else li.append(" ", el("span", "finding error", body.error || "refused"));
        });
      return;
    }
    const cell = cellOf(button);
    if (!cell) return;
    if (button.classList.contains("edit")) edit(cell);
    else if (button.classList.contains("save")) send(cell, "save");
    else if (button.classList.contains("approve")) send(cell, "approve");
  });

  document.addEventListener("keydown", (event) => {
    const editing = document.activeElement && document.activeElement.isContentEditable;
    if (event.ctrlKey && event.key === "Enter") {
      const cell = focusedCell();
      if (cell) { event.preventDefault(); send(cell, "approve"); }
    } else if (event.ctrlKey && (event.key === "s" || event.key === "S")) {
      const cell = focusedCell();
      if (cell) { event.preventDefault(); send(cell, "save"); }
    } else if (event.key === "Escape" && editing) {
      stopEditing(cellOf(document.activeElement));
    } else if (event.altKey && event.key === "ArrowDown") {
      event.preventDefault(); select(current + 1, true);
    } else if (event.altKey && event.key === "ArrowUp") {
      event.preventDefault(); select(current - 1, true);
    } else if (!editing && !event.ctrlKey && !event.altKey && !event.metaKey) {
      if (event.key === "j") select(current + 1, true);
      else if (event.key === "k") select(current - 1, true);
      else if (event.key === "Enter" || event.key === "e") {
        const cell = rows.length ? rows[current].querySelector("td.tgt") : null;
        if (cell) { event.preventDefault(); edit(cell); }
      }
    } else if (editing && event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();  // one segment is one line
    }
  });

  select(0, false);
})();
