/* IDX-4, IDX-5: the appraisal grid moves with the keyboard and saves a cell at a time.
   Arrow keys, Enter and Tab move between cells; typing a value and Enter saves the cell (fetch POST with the CSRF
   header to the cell's endpoint, which answers JSON: ok, the new revision and the state's label, or a Vietnamese
   message shown in the cell). The self score entered as it is is accepted; another value asks for a comment first.
   Without JavaScript the "Chi tiết" page of each cell does the same. */
(function () {
  "use strict";

  var pending = null; // the input whose changed value waits for its comment

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function cellOf(input) {
    return input.closest("td");
  }

  function message(input, text, ok) {
    var box = cellOf(input).querySelector(".grid-msg");
    if (box) box.textContent = text || "";
    input.classList.toggle("is-invalid", !ok && !!text);
    input.classList.toggle("is-valid", !!ok);
  }

  function same(a, b) {
    if (a === "" || b === "") return a === b;
    return Number(String(a).replace(",", ".")) === Number(String(b).replace(",", "."));
  }

  function save(input, fields) {
    var body = new FormData();
    body.append("revision", input.dataset.revision);
    Object.keys(fields).forEach(function (key) {
      body.append(key, fields[key]);
    });
    input.disabled = true;
    message(input, "Đang lưu…", false);
    return fetch(input.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { ok: false, error: "Không lưu được (lỗi " + response.status + "). Tải lại trang rồi thử lại." };
        });
      })
      .catch(function () {
        return { ok: false, error: "Không kết nối được máy chủ; chưa lưu." };
      })
      .then(function (answer) {
        input.disabled = false;
        if (answer.ok) {
          input.dataset.revision = answer.revision;
          input.dataset.saved = answer.points;
          input.value = answer.points;
          var state = cellOf(input).querySelector(".grid-state");
          if (state) state.textContent = answer.state_label;
          message(input, "", true);
          if (answer.state === "final") input.readOnly = true;
        } else {
          message(input, answer.error, false);
        }
        return answer.ok;
      });
  }

  function inputsOf(table) {
    return Array.prototype.slice.call(table.querySelectorAll("input.grid-input"));
  }

  function move(input, dRow, dCol) {
    var table = input.closest("table");
    var row = Number(input.dataset.row);
    var col = Number(input.dataset.col);
    var target = null;
    if (dCol) {
      var all = inputsOf(table);
      var index = all.indexOf(input) + dCol;
      target = all[index] || null;
    } else {
      // The next row with an input in this column (rows of files not submitted have none).
      var column = inputsOf(table).filter(function (other) {
        return Number(other.dataset.col) === col;
      });
      column.forEach(function (other) {
        var r = Number(other.dataset.row);
        if (dRow > 0 && r > row && (!target || r < Number(target.dataset.row))) target = other;
        if (dRow < 0 && r < row && (!target || r > Number(target.dataset.row))) target = other;
      });
    }
    if (target) {
      target.focus();
      target.select();
    }
  }

  function commit(input) {
    var value = input.value.trim();
    if (value === "" || same(value, input.dataset.saved)) {
      move(input, 1, 0);
      return;
    }
    if (same(value, input.dataset.self)) {
      save(input, { action: "accept" }).then(function (ok) {
        if (ok) move(input, 1, 0);
      });
      return;
    }
    askComment(input);
  }

  function askComment(input) {
    var panel = document.getElementById("grid-comment");
    var text = document.getElementById("grid-comment-text");
    pending = input;
    panel.classList.remove("d-none");
    text.value = "";
    text.focus();
  }

  function closeComment(refocus) {
    var panel = document.getElementById("grid-comment");
    panel.classList.add("d-none");
    var input = pending;
    pending = null;
    if (refocus && input) input.focus();
  }

  function saveComment() {
    var input = pending;
    var text = document.getElementById("grid-comment-text").value.trim();
    if (!input) return;
    if (!text) {
      document.getElementById("grid-comment-text").classList.add("is-invalid");
      return;
    }
    document.getElementById("grid-comment-text").classList.remove("is-invalid");
    closeComment(false);
    save(input, { action: "change", points: input.value.trim(), comment: text }).then(function (ok) {
      if (ok) move(input, 1, 0);
      else input.focus();
    });
  }

  function onKey(event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("grid-input")) return;
    var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    var atEnd = input.selectionStart === input.value.length;
    if (event.key === "Enter") {
      event.preventDefault();
      commit(input);
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      move(input, 1, 0);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      move(input, -1, 0);
    } else if (event.key === "ArrowLeft" && atStart) {
      event.preventDefault();
      move(input, 0, -1);
    } else if (event.key === "ArrowRight" && atEnd) {
      event.preventDefault();
      move(input, 0, 1);
    } else if (event.key === "Escape") {
      input.value = input.dataset.saved || "";
      message(input, "", false);
    }
  }

  function start() {
    if (!document.querySelector("[data-appraisal-grid]")) return;
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(".grid-accept");
      if (!button) return;
      var input = cellOf(button).querySelector("input.grid-input");
      if (input) {
        input.value = input.dataset.self;
        save(input, { action: "accept" });
      }
    });
    var text = document.getElementById("grid-comment-text");
    text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        saveComment();
      } else if (event.key === "Escape") {
        closeComment(true);
      }
    });
    document.querySelector("[data-comment-save]").addEventListener("click", saveComment);
    document.querySelector("[data-comment-cancel]").addEventListener("click", function () {
      closeComment(true);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
