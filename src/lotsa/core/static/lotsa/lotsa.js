/* The few behaviours that scripts add; every page works without them. */
"use strict";
document.documentElement.classList.add("js");

/* On a narrow screen the main menu folds behind a button (the style sheet hides the list
   while the button says it is collapsed). */
function setMenu(button, open) {
  button.setAttribute("aria-expanded", String(open));
}

document.addEventListener("click", (event) => {
  const button = event.target.closest(".menu-button");
  if (button) {
    setMenu(button, button.getAttribute("aria-expanded") !== "true");
  }
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  const button = document.querySelector('.menu-button[aria-expanded="true"]');
  if (button) {
    setMenu(button, false);
    button.focus();
  }
});

/* The contact dialog: a contact button fetches its case's form into the dialog (htmx), which
   then opens; a form with field errors (400) replaces the one sent, and the dialog stays open. */
function inDialog(element) {
  return element instanceof Element && element.closest("dialog") !== null;
}

document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 400 && inDialog(event.detail.target)) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  const body = event.detail.target;
  if (!inDialog(body)) {
    return;
  }
  const dialog = body.closest("dialog");
  if (!dialog.open) {
    dialog.showModal();
  }
  const first =
    body.querySelector(".error-summary") ||
    body.querySelector("input:not([type=hidden]), select, textarea");
  if (first) {
    first.focus();
  }
});
