// Authority page: "Show details" links expand an event in place. htmx fetches the event's details once
// (the link's hx-get); this module turns the link into a disclosure: it shows the loaded details in place of
// the row's summary, hides them again, and keeps aria-expanded in step. Without JavaScript the link simply
// opens the event's page.

const toggles = document.querySelectorAll("[data-event-toggle]");

function setExpanded(link, expanded) {
  const details = document.getElementById(link.dataset.details);
  const summary = document.getElementById(link.dataset.summary);
  const label = link.querySelector("[data-toggle-label]");
  details.hidden = !expanded;
  if (summary) summary.hidden = expanded;
  link.setAttribute("aria-expanded", String(expanded));
  if (label) label.textContent = expanded ? label.dataset.hide : label.dataset.show;
}

for (const link of toggles) {
  link.setAttribute("aria-controls", link.dataset.details);
  link.setAttribute("aria-expanded", "false");
}

// Once loaded, the details are shown or hidden without asking the server again.
document.body.addEventListener("htmx:beforeRequest", (event) => {
  const link = event.detail.elt;
  if (!link.matches || !link.matches("[data-event-toggle]")) return;
  if (link.getAttribute("aria-expanded") === "true") {
    event.preventDefault();
    setExpanded(link, false);
  } else if (link.dataset.loaded) {
    event.preventDefault();
    setExpanded(link, true);
  }
});

document.body.addEventListener("htmx:afterSwap", (event) => {
  const link = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!link || !link.matches || !link.matches("[data-event-toggle]")) return;
  link.dataset.loaded = "true";
  setExpanded(link, true);
});
