// Keeps a send's progress view current while the send is active, and confirms cancelling.
(() => {
  const root = document.querySelector("[data-send-progress]");
  if (!root) return;

  root.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  const set = (name, value) => {
    root.querySelectorAll(`[data-field="${name}"]`).forEach((element) => {
      element.textContent = value;
    });
  };
  const duration = (seconds) => {
    if (seconds === null) return "—";
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = Math.floor(seconds % 60);
    return `${hours}:${String(minutes).padStart(2, "0")}:${String(rest).padStart(2, "0")}`;
  };

  const shownStatus = root.dataset.status;
  const refresh = async () => {
    const response = await fetch(root.dataset.sendProgress, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const state = await response.json();
    const bar = root.querySelector("progress");
    bar.max = Math.max(state.total, 1);
    bar.value = state.done;
    for (const name of ["status_label", "pause_reason", "done", "total", "percent", "retrying"]) set(name, state[name]);
    set("rate", state.rate.toFixed(1));
    set("eta", duration(state.eta_seconds));
    for (const [status, count] of Object.entries(state.counts)) set(`count-${status}`, count);
    root.querySelector('[data-field-box="pause_reason"]').hidden = !state.pause_reason;
    // A new status brings other buttons (pause, resume): show the page for it.
    if (state.status !== shownStatus) window.location.reload();
  };
  if (["queued", "sending", "paused"].includes(shownStatus)) window.setInterval(refresh, 3000);
})();
