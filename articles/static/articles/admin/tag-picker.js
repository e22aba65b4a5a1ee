// Article form: the comma-separated tags box becomes the admin's select2
// picker, offering existing tags as you type (new ones still allowed). The
// box stays in the form, hidden, and is what gets posted, so the form works
// the same with or without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("input[data-tag-suggestions]");
  if (!box || !window.django || !django.jQuery.fn.select2) return;
  const $ = django.jQuery;
  const picker = document.createElement("select");
  picker.multiple = true;
  picker.id = `${box.id}_picker`;
  for (const name of JSON.parse(box.dataset.tagNames)) {
    picker.add(new Option(name, name, true, true));
  }
  box.hidden = true;
  box.after(picker);
  const label = document.querySelector(`label[for="${box.id}"]`);
  if (label) label.htmlFor = picker.id;

  $(picker).select2({
    tags: true,
    tokenSeparators: [","],
    theme: "admin-autocomplete",
    width: "100%",
    ajax: {
      url: box.dataset.tagSuggestions,
      dataType: "json",
      delay: 200,
      data: (params) => ({ term: params.term || "" }),
    },
    createTag: (params) => {
      // taggit reads the box as quoted names, so a name cannot hold a quote.
      const name = params.term.replace(/"/g, "").trim();
      return name ? { id: name, text: name } : null;
    },
  });
  $(picker).on("change", () => {
    box.value = ($(picker).val() || []).map((name) => `"${name}"`).join(", ");
  });
});
