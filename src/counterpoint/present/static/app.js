// Counterpoint app: highlight toggles on the article page, and uploads with progress.
"use strict";

document.querySelectorAll("[data-toggle]").forEach((box) => {
  box.addEventListener("change", () => {
    const text = document.getElementById("text");
    if (text) text.classList.toggle("hide-" + box.dataset.toggle, !box.checked);
  });
});

const cited = document.querySelector(".cited");
if (cited) cited.scrollIntoView({ block: "center" });

const form = document.getElementById("upload");
if (form) {
  const token = document.getElementById("token");
  token.value = sessionStorage.getItem("counterpoint-token") || "";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    sessionStorage.setItem("counterpoint-token", token.value);
    const data = new FormData(form);
    data.delete("token");
    show("Uploading…");
    const response = await fetch(form.action, {
      method: "POST",
      headers: { Authorization: "Bearer " + token.value },
      body: data,
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      show("Refused: " + (typeof body.detail === "string" ? body.detail : response.status), true);
      return;
    }
    poll(body.id);
  });
}

function show(message, done) {
  document.getElementById("progress").hidden = false;
  document.getElementById("status").textContent = message;
  const bar = document.getElementById("bar");
  if (done) bar.value = bar.max = 1; else bar.removeAttribute("value");
}

async function poll(id) {
  const response = await fetch("/api/jobs/" + encodeURIComponent(id));
  const job = await response.json();
  const added = document.getElementById("added");
  added.replaceChildren(...job.article_ids.map((articleId) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "/articles/" + encodeURIComponent(articleId);
    link.textContent = "article " + articleId;
    item.append(link);
    return item;
  }));
  document.getElementById("problems").replaceChildren(...job.problems.map((text) => {
    const item = document.createElement("li");
    item.textContent = text;
    return item;
  }));
  const finished = job.state === "done" || job.state === "failed";
  const words = { queued: "Waiting for the analyser", running: "Analysing", linking: "Linking stories and comparing outlets", done: "Done", failed: "Failed: " + job.error };
  show(words[job.state] + " · " + job.documents + " document(s) read, " + job.article_ids.length + " added", finished);
  if (!finished) setTimeout(() => poll(id), 700);
}
