// regiodocs: the little help on the page. Everything also works without JavaScript
// (plain forms, a page that refreshes itself while building, PDFs in a new tab); this file
// only makes it smoother: dropping files, checking their size before sending, showing the
// build's progress, and previewing a PDF in the page.
(function () {
  "use strict";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function grootte(bytes) {
    if (bytes < 1024 * 1024) { return Math.ceil(bytes / 1024) + " kB"; }
    return (bytes / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB";
  }

  // 1. Choosing the workbooks: drop zones, the chosen name, sizes checked before sending.
  $all("form.kiezen").forEach(function (form) {
    var max = Number(form.getAttribute("data-max")) || 0;
    var maxTekst = form.getAttribute("data-max-tekst");
    var melding = $(".melding-fout", form);
    var zones = $all(".zone", form);

    function input(zone) { return $("input[type=file]", zone); }

    function toon(zone) {
      var f = input(zone).files && input(zone).files[0];
      $(".gekozen", zone).textContent = f ? "Gekozen: " + f.name + " (" + grootte(f.size) + ")" : "";
      zone.classList.toggle("heeft-bestand", !!f);
    }

    function zet(zone, file) {
      var dt = new DataTransfer();
      dt.items.add(file);
      input(zone).files = dt.files;
      toon(zone);
    }

    // Several files dropped at once: each goes to the zone whose workbook its name mentions.
    function verdeel(files, fallback) {
      var rest = [];
      Array.prototype.forEach.call(files, function (file) {
        var naam = file.name.toLowerCase();
        var doel = null;
        zones.forEach(function (zone) {
          if (naam.indexOf(input(zone).name.slice(0, 6)) !== -1) { doel = zone; }
        });
        if (doel) { zet(doel, file); } else { rest.push(file); }
      });
      if (rest.length && fallback) { zet(fallback, rest[0]); }
    }

    zones.forEach(function (zone) {
      input(zone).addEventListener("change", function () { toon(zone); melding.hidden = true; });
      zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("sleept"); });
      zone.addEventListener("dragleave", function () { zone.classList.remove("sleept"); });
      zone.addEventListener("drop", function (e) {
        e.preventDefault();
        zone.classList.remove("sleept");
        var files = e.dataTransfer && e.dataTransfer.files;
        if (!files || !files.length) { return; }
        if (files.length === 1) { zet(zone, files[0]); } else { verdeel(files, zone); }
        melding.hidden = true;
      });
    });

    form.addEventListener("submit", function (e) {
      var fout = "";
      zones.forEach(function (zone) {
        var f = input(zone).files && input(zone).files[0];
        var titel = $(".zone-titel", zone).textContent;
        if (!f && !fout) { fout = "Kies ook het werkboek " + titel + "."; }
        if (f && max && f.size > max && !fout) {
          fout = "‘" + f.name + "’ is groter dan " + maxTekst + ". Een werkboek van een regio is veel kleiner; kies het juiste bestand.";
        }
      });
      if (fout) {
        e.preventDefault();
        melding.textContent = fout;
        melding.hidden = false;
        return;
      }
      var knop = $("button[type=submit]", form);
      knop.disabled = true;
      knop.textContent = "Bezig met controleren…";
    });
  });

  // 2. Building: the button says it started; the progress is asked for every second.
  $all("form.bouwen").forEach(function (form) {
    form.addEventListener("submit", function () {
      var knop = $("button[type=submit]", form);
      knop.disabled = true;
      knop.textContent = "Even geduld…";
    });
  });

  var voortgang = $("#voortgang");
  if (voortgang) {
    var url = voortgang.getAttribute("data-status");
    var balk = $("progress", voortgang);
    var tekst = $(".voortgang-tekst", voortgang);
    var vraag = function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          return r.json();
        })
        .then(function (s) {
          if (s.toestand !== "wachtrij" && s.toestand !== "bezig") {
            window.location.reload();
            return;
          }
          if (tekst.textContent !== s.tekst) { tekst.textContent = s.tekst; }
          if (s.totaal > 0) {
            balk.max = s.totaal;
            balk.value = s.klaar;
          }
          window.setTimeout(vraag, 1000);
        })
        .catch(function () { window.setTimeout(vraag, 3000); });
    };
    window.setTimeout(vraag, 800);
  }

  // 3. Previewing a PDF beside the list (without JavaScript it opens in a new tab).
  var paneel = $("#voorbeeld");
  if (paneel) {
    var frame = $("iframe", paneel);
    var raster = paneel.parentNode;
    var actief = null;
    $all("a.bekijk").forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        if (actief) { actief.removeAttribute("aria-current"); }
        actief = a;
        a.setAttribute("aria-current", "true");
        // The whole width for the page itself: no thumbnails beside it.
        frame.src = a.getAttribute("href") + "#navpanes=0&view=FitH";
        $(".voorbeeld-titel", paneel).textContent = a.getAttribute("data-titel");
        paneel.hidden = false;
        raster.classList.add("met-voorbeeld");
        if (paneel.getBoundingClientRect().top < 0 || window.innerWidth < 1000) {
          paneel.scrollIntoView({ block: "start" });
        }
        $("h3", paneel).focus({ preventScroll: true });
      });
    });
    $(".sluiten", paneel).addEventListener("click", function () {
      paneel.hidden = true;
      raster.classList.remove("met-voorbeeld");
      frame.removeAttribute("src");
      if (actief) { actief.removeAttribute("aria-current"); actief.focus(); }
    });
  }
})();
