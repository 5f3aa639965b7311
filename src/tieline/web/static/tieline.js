// tieline pages: hand each embedded spec to vega-embed, each network to cytoscape.
// The specs and elements are JSON in <script type="application/json"> built by the server.
(function () {
  "use strict";

  function json(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function charts() {
    document.querySelectorAll("[data-spec]").forEach(function (el) {
      vegaEmbed(el, json(el.dataset.spec), { mode: "vega-lite", actions: false, renderer: "svg" })
        .then(function () { el.dataset.rendered = "1"; })
        .catch(function (error) { el.textContent = "chart failed: " + error; console.error(error); });
    });
  }

  function networks() {
    document.querySelectorAll("[data-network]").forEach(function (el) {
      cytoscape({
        container: el,
        elements: json(el.dataset.network).elements,
        layout: { name: "concentric", concentric: function (node) { return node.data("centre"); }, levelWidth: function () { return 1; } },
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 11, "background-color": "#7a8a99" } },
          { selector: "node[centre = 1]", style: { "background-color": "#23303d" } },
          { selector: "edge", style: { width: "mapData(events, 1, 20, 1, 10)", "line-color": "#999", opacity: 0.8 } },
          { selector: "edge[balance = 'cooperation']", style: { "line-color": "#0570b0" } },
          { selector: "edge[balance = 'conflict']", style: { "line-color": "#b30000" } }
        ]
      }).on("tap", "node", function (event) {
        window.location.href = "/actors/" + encodeURIComponent(event.target.id());
      });
      el.dataset.rendered = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.vegaEmbed) { charts(); }
    if (window.cytoscape) { networks(); }
  });
})();
