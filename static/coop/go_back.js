// Error pages: "返回上一页" goes back in the browser's history when there is one; otherwise its link (the
// dashboard) stands. A file of its own because the CSP allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a[data-go-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  });
});
