/* U-1: every <select data-picker> becomes a searchable picker (Tom Select, from the npm registry, vendored by
   `make`). Tom Select's search ignores accents ("so noi vu" finds "Sở Nội vụ", "d" finds "đ"); the option
   groups (UBND tỉnh, Sở, Ban ngành … Đã chấm dứt hoạt động) come from the server and keep their order.
   Also run on content htmx swaps in. Without JavaScript the select box works as it is. */
(function () {
  "use strict";

  function start(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var multiple = select.multiple;
    // The empty choice ("—", "---------") is shown as the placeholder; an optional one can be cleared again.
    var plugins = multiple ? ["remove_button"] : select.required ? [] : ["clear_button"];
    new TomSelect(select, {
      plugins: plugins,
      maxOptions: null,
      allowEmptyOption: false,
      lockOptgroupOrder: true,
      diacritics: true,
      // The options are all on the page: filter on each key at once. Tom Select's default waits 300 ms after the
      // last key, and a choice clicked within that time was followed by the list opening again over the form.
      refreshThrottle: 0,
      placeholder: select.dataset.placeholder || "Gõ để tìm…",
      hidePlaceholder: !multiple,
      render: {
        no_results: function () {
          return '<div class="no-results">Không tìm thấy cơ quan nào.</div>';
        },
      },
    });
  }

  function startAll(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("select[data-picker]")) start(root);
    root.querySelectorAll("select[data-picker]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { startAll(document); });
  } else {
    startAll(document);
  }
  document.addEventListener("htmx:load", function (event) { startAll(event.detail && event.detail.elt); });
})();
