// What an officer types in a self-assessment row stays in this browser until the server has
// saved it: closing the browser before the autosave fires loses nothing. A kept draft is put
// back on the next visit and marked, but never sent by itself: a colleague may have saved
// the criterion since, and only the person who typed it can say which is right.
// Listeners sit on the document, so rows redrawn by htmx keep their drafts too.
(function () {
  "use strict";
  const key = (form) => "parindex-draft-" + form.dataset.draft;
  const fields = (form) =>
    Array.from(form.elements).filter((el) => el.name && (el.name.startsWith("in-") || el.name === "note"));
  const notice = (form) => document.getElementById("err-" + form.dataset.draft);
  const draftForm = (target) => (target && target.closest ? target.closest("form[data-draft]") : null);

  document.querySelectorAll("form[data-draft]").forEach((form) => {
    const kept = localStorage.getItem(key(form));
    if (!kept) return;
    const draft = JSON.parse(kept);
    let differs = false;
    fields(form).forEach((el) => {
      if (el.name in draft && el.value !== draft[el.name]) {
        el.value = draft[el.name];
        differs = true;
      }
    });
    if (!differs) {
      localStorage.removeItem(key(form));
      return;
    }
    const box = notice(form);
    if (box) box.textContent = form.closest("table").dataset.restored || "";
    form.classList.add("restored");
  });

  document.addEventListener("input", (event) => {
    const form = draftForm(event.target);
    if (!form) return;
    const draft = {};
    fields(form).forEach((el) => (draft[el.name] = el.value));
    localStorage.setItem(key(form), JSON.stringify(draft));
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const form = draftForm(event.target);
    if (!form) return;
    const box = notice(form);
    if (event.detail.successful && box && !box.textContent.trim()) {
      localStorage.removeItem(key(form));
      form.classList.remove("restored");
    }
  });
})();
