/* Type-ahead pickers (core.forms.TypeAhead): a search box over the select it fills through
 * htmx. The CSP forbids inline scripts and eval, so what htmx's attributes cannot say is here:
 * - the request carries the box's text (q) and the select's current choice (selected); the box
 *   has no name, so that the form never posts it (a filter form has its own q);
 * - Enter in the box searches at once instead of sending the form;
 * - after the answer, the matches are announced to screen readers, and a choice that changed
 *   (the first match taken) fires the select's change event, so that what listens to the
 *   select (the request form's roles) follows.
 * A picker of several rows (core.forms.TypeAheadMultiple) answers boxes to tick under its box;
 * before the next search replaces them, the ticked ones join the chosen, and the request names
 * every chosen row so that the answer leaves them out.
 * A search that fails (the session ended: 401; the server or the network) changes no choice and
 * says so under the box. */
(function () {
  "use strict";

  function isPicker(element) {
    return element && element.matches && element.matches("input[data-picker]");
  }

  function selectOf(input) {
    return document.getElementById(input.getAttribute("data-picker"));
  }

  function isMultiple(element) {
    return element && element.matches && element.matches("input[data-picker-multiple]");
  }

  // The ticked matches of a picker of several rows join its chosen ones (the focus kept).
  function keepTicked(input) {
    var matches = document.getElementById(input.getAttribute("data-picker-multiple"));
    var chosen = document.getElementById(input.getAttribute("data-picker-chosen"));
    Array.prototype.forEach.call(matches.querySelectorAll("input:checked"), function (box) {
      var focused = document.activeElement === box;
      chosen.appendChild(box.closest("li"));
      if (focused) box.focus();
    });
    return chosen;
  }

  function multipleOf(list) {
    return list && list.id && document.querySelector('input[data-picker-multiple="' + list.id + '"]');
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var input = event.detail.elt;
    if (isPicker(input) || isMultiple(input)) {
      // Emptied while a search runs: the next words said are its answer.
      var status = document.getElementById(input.getAttribute("data-picker-status"));
      if (status) status.textContent = "";
    }
    if (isMultiple(input)) {
      var chosen = keepTicked(input);
      event.detail.parameters.q = input.value;
      event.detail.parameters.chosen = Array.prototype.map.call(
        chosen.querySelectorAll("input"), function (box) { return box.value; });
      return;
    }
    if (!isPicker(input)) return;
    var select = selectOf(input);
    event.detail.parameters.q = input.value;
    if (select && select.value) event.detail.parameters.selected = select.value;
    input.pickerChoiceBefore = select ? select.value : "";
  });

  // A box ticked while a search was under way is not lost when its answer replaces the matches.
  // A choice made in the select while a search was under way is kept when the answer holds it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var input = multipleOf(target);
    if (input) keepTicked(input);
    if (target && target.tagName === "SELECT") target.pickerChoiceNow = target.value;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target;
    var input = multipleOf(list);
    if (input) {
      // A row chosen since the search was asked for is shown once, among the chosen.
      var chosen = document.getElementById(input.getAttribute("data-picker-chosen"));
      Array.prototype.forEach.call(list.querySelectorAll("input"), function (box) {
        if (chosen.querySelector('input[value="' + box.value + '"]')) box.closest("li").remove();
      });
      announce(input, list.querySelectorAll("li").length);
      return;
    }
    var select = event.detail.target;
    if (!select || select.tagName !== "SELECT") return;
    var input = document.querySelector('input[data-picker="' + select.id + '"]');
    if (!input) return;
    var now = select.pickerChoiceNow;
    if (now && Array.prototype.some.call(select.options, function (option) {
      return option.value === now;
    })) select.value = now;
    var matches = Array.prototype.filter.call(select.options, function (option) {
      return option.value !== "" && !option.hasAttribute("data-kept");
    }).length;
    announce(input, matches);
    if (select.value !== input.pickerChoiceBefore) {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  function announce(input, matches, failure) {
    var status = document.getElementById(input.getAttribute("data-picker-status"));
    if (!status) return;
    if (failure) {
      status.textContent = input.getAttribute(failure);
    } else {
      status.textContent = matches
        ? input.getAttribute("data-picker-some").replace("%(count)s", String(matches))
        : input.getAttribute("data-picker-none");
    }
    // A failure is shown to everyone, next to the box; the count only to screen readers.
    status.classList.toggle("visually-hidden", !failure);
    status.classList.toggle("form-text", !!failure);
    status.classList.toggle("text-danger", !!failure);
  }

  // A search that fails leaves the list as it was and says why: a session that ended (401)
  // must not put the login page among the choices.
  function failed(event) {
    var input = event.detail.elt;
    if (!(isPicker(input) || isMultiple(input))) return;
    var status = event.detail.xhr && event.detail.xhr.status;
    announce(input, 0, status === 401 ? "data-picker-ended" : "data-picker-failed");
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(isPicker(event.target) || isMultiple(event.target))) return;
    event.preventDefault();
    if (window.htmx) window.htmx.trigger(event.target, "search");
  });
})();
