// An editable text field that offers a list of options from the server as the user types,
// following the WAI-ARIA 1.2 combobox pattern. The markup (the input with role=combobox, its
// listbox and a status region) comes from the server; htmx fetches the options and the
// number found, which the status region announces. Without scripts the field is plain text.
(function () {
  "use strict";
  var DELAY_MS = 250;

  function setUp(box) {
    var input = box.querySelector("[role=combobox]");
    var listbox = document.getElementById(input.getAttribute("aria-controls"));
    var timer = null;
    var active = -1;

    function options() {
      return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]"));
    }
    function highlight(index) {
      var all = options();
      active = index;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function show(open) {
      listbox.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) highlight(-1);
    }
    function choose(option) {
      input.value = option.getAttribute("data-value");
      show(false);
    }
    function search() {
      var words = input.value.trim();
      if (!words) {
        listbox.innerHTML = "";
        show(false);
        return;
      }
      htmx.ajax("GET", box.getAttribute("data-search-url"), {
        target: listbox,
        swap: "innerHTML",
        values: { country: box.getAttribute("data-country"), q: words },
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
    listbox.addEventListener("htmx:afterSwap", function () {
      show(options().length > 0 && document.activeElement === input);
    });
    input.addEventListener("keydown", function (event) {
      var all = options();
      var open = !listbox.hidden;
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        show(true);
        highlight(open ? Math.min(active + 1, all.length - 1) : 0);
      } else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault();
        show(true);
        highlight(open ? Math.max(active - 1, 0) : all.length - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // choose, do not submit the form yet
        choose(all[active]);
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          show(false);
        } else {
          input.value = "";
        }
      }
    });
    // Keep the focus in the field while an option is clicked.
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) choose(option);
    });
    input.addEventListener("blur", function () {
      show(false);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-combobox]").forEach(setUp);
  });
})();
