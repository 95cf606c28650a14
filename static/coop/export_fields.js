// The export page's "select all" box, bound here because the enforced CSP runs no inline event handler.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", (event) => {
      document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]').forEach((box) => {
        box.checked = event.target.checked;
      });
    });
  });
});
