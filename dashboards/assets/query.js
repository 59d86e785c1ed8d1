/*
 * The Query page's YASGUI, wired to this graph (dashboards/pages/query/).
 *
 * YASGUI is vendored in assets/vendor/yasgui/ and loaded only when the Query page opens.
 * Its default completers ask prefix.cc and Linked Open Vocabularies; here they complete from
 * /terms.json, which the endpoint builds from this graph, so nothing leaves the machine.
 * The open tab's query (and the example it came from) is kept in the page's URL, so the
 * address is a permalink; the CSV and TSV links fetch the same query from /sparql.
 */
(function () {
  "use strict";

  var STORAGE_ID = "itud-align-query";
  var loading = null;
  var current = null; // {yasgui, config, examples: tabId -> example name}

  function loadYasgui(base) {
    if (window.Yasgui) return Promise.resolve(window.Yasgui.default || window.Yasgui);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = base + "yasgui.min.css";
        document.head.appendChild(css);
        var js = document.createElement("script");
        js.src = base + "yasgui.min.js";
        js.onload = function () { resolve(window.Yasgui.default || window.Yasgui); };
        js.onerror = function () { loading = null; reject(new Error("YASGUI could not load from " + js.src)); };
        document.head.appendChild(js);
      });
    }
    return loading;
  }

  function loadTerms(url) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
  }

  /* Completers on this graph's terms, replacing the ones that call public services. */
  function useLocalCompleters(Yasqe, terms, lang) {
    var base = Yasqe.Autocompleters;
    var prefixLines = Object.keys(terms.prefixes).map(function (p) { return p + ": <" + terms.prefixes[p] + ">"; });
    Yasqe.defaults.autocompleters = [];
    Yasqe.registerAutocompleter({ name: "variables", get: base.variables.get, bulk: false, autoShow: true,
      isValidCompletionPosition: base.variables.isValidCompletionPosition });
    Yasqe.registerAutocompleter(Object.assign({}, base.prefixes, { get: prefixLines.sort(), persistenceId: null }));
    ["class", "property"].forEach(function (name) {
      Yasqe.registerAutocompleter(Object.assign({}, base[name], {
        get: name === "class" ? terms.classes : terms.properties, bulk: true, autoShow: true, persistenceId: null,
      }));
    });
    var elements = terms.elements.map(function (e) {
      var label = (lang === "fr" && e.label_fr) || e.label_en || e.label_fr || "";
      return { text: e.term, keys: [e.notation.toLowerCase(), e.term.toLowerCase()],
               display: e.notation + "  " + e.term + (label ? "  " + label : "") };
    });
    var byText = {};
    elements.forEach(function (e) { byText[e.text] = e; });
    Yasqe.registerAutocompleter({
      name: "elements", bulk: false, autoShow: true,
      isValidCompletionPosition: function (yasqe) {
        var token = yasqe.getCompleteToken();
        var text = token.string || "";
        if (!text.trim() || /^[?$"'<]/.test(text)) return false;
        if (token.state.possibleCurrent.indexOf("a") >= 0) return false; // a predicate goes here
        var previous = yasqe.getPreviousNonWsToken(yasqe.getDoc().getCursor().line, token);
        if (previous && previous.state && ["a", "rdf:type"].indexOf(previous.state.lastProperty) >= 0) return false;
        return /[0-9]/.test(text) || text.indexOf(":") > 0;
      },
      get: function (yasqe, token) {
        var text = (token.string || "").trim().toLowerCase();
        return elements.filter(function (e) {
          return e.keys.some(function (k) { return k.indexOf(text) === 0; });
        }).slice(0, 50).map(function (e) { return e.text; });
      },
      postprocessHints: function (yasqe, hints) {
        return hints.map(function (h) {
          var e = byText[h.text];
          return e ? Object.assign({}, h, { displayText: e.display }) : h;
        });
      },
    });
  }

  function slug(text) {
    return (text || "query").toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "query";
  }

  /* The URL, the description and the download links follow the open tab. */
  function follow(state) {
    var tab = state.yasgui.getTab();
    if (!tab) return;
    var config = state.config;
    var query = tab.getQuery();
    var example = state.examples[tab.getId()];
    var chosen = config.examples.filter(function (e) { return e.name === example; })[0];
    var params = new URLSearchParams(window.location.search);
    params.set("query", query);
    if (example) params.set("example", example); else params.delete("example");
    var address = window.location.pathname + "?" + params.toString();
    if (address !== window.location.pathname + window.location.search) {
      window.history.replaceState(window.history.state, "", address);
    }
    var name = example || slug(tab.getName());
    [["csv", "query-csv"], ["tsv", "query-tsv"]].forEach(function (pair) {
      var link = document.getElementById(pair[1]);
      if (!link) return;
      link.href = config.endpoint + "?" + new URLSearchParams({ query: query, format: pair[0] }).toString();
      link.setAttribute("download", name + "." + pair[0]);
    });
    var description = document.getElementById("query-description");
    if (description) description.textContent = chosen ? chosen.description : "";
  }

  /* A query from a hand-written link gets the project's PREFIX lines after its opening comments. */
  function withPrologue(query, prologue) {
    if (query.indexOf(prologue) >= 0) return query;
    var header = query.match(/^(#[^\n]*\n)*/)[0];
    return header + prologue + query.slice(header.length);
  }

  function openTab(state, name, title, query) {
    var yasgui = state.yasgui;
    var tab = yasgui.addTab(true, { name: title || undefined, yasqe: { value: query } });
    if (name) state.examples[tab.getId()] = name;
    tab.show();
    tab.getYasqe().collapsePrefixes(true);
    follow(state);
    return tab;
  }

  function openExample(state, name) {
    var chosen = state.config.examples.filter(function (e) { return e.name === name; })[0];
    if (!chosen) return null;
    var yasgui = state.yasgui;
    var found = Object.keys(yasgui._tabs).filter(function (id) { return state.examples[id] === name; })[0];
    if (found) {
      yasgui.selectTabId(found);
      follow(state);
      return chosen;
    }
    openTab(state, name, chosen.title, chosen.query);
    return chosen;
  }

  /* Result IRIs open their page on this server (linked data), not the IRI's own host. */
  function linkLocally(root, links) {
    var localise = function (event) {
      var anchor = event.target.closest && event.target.closest("a.iri");
      var iri = anchor && anchor.getAttribute("href");
      if (!iri || !/^https?:/.test(iri)) return;
      anchor.href = iri.indexOf(links.idBase) === 0 ? links.idPath + iri.slice(links.idBase.length)
        : links.resourcePath + "?" + new URLSearchParams({ iri: iri }).toString();
    };
    root.addEventListener("mousedown", localise, true);
    root.addEventListener("focusin", localise, true);
  }

  function build(root, Yasgui, terms, config) {
    if (current) {
      try { current.yasgui.destroy(); } catch (e) { /* its page is gone already */ }
    }
    var endpoint = window.location.origin + config.endpoint;
    root.textContent = "";
    if (terms) useLocalCompleters(Yasgui.Yasqe, terms, config.lang);
    else Yasgui.Yasqe.defaults.autocompleters = ["variables"]; // never the public services
    var yasgui = new Yasgui(root, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
      copyEndpointOnNewTab: false,
      persistenceId: STORAGE_ID,
      populateFromUrl: false,
      autoAddOnInit: false,
      autofocus: false,
      tabName: config.tabName,
      yasqe: { value: config.blank, collapsePrefixesOnLoad: true, consumeShareLink: null, prefixCcApi: null,
               createShareableLink: function () { return window.location.href; } },
    });
    var state = { yasgui: yasgui, config: config, examples: {} };
    var saved = {};
    try { saved = JSON.parse(window.localStorage.getItem(STORAGE_ID + "-examples") || "{}"); } catch (e) { saved = {}; }
    Object.keys(yasgui._tabs).forEach(function (id) {
      yasgui._tabs[id].setEndpoint(endpoint);
      if (saved[id]) state.examples[id] = saved[id];
    });
    current = state;
    var open = config.open;
    if (open && open.query) {
      var chosen = config.examples.filter(function (e) { return e.name === open.example; })[0];
      openTab(state, open.example, chosen ? chosen.title : undefined, withPrologue(open.query, config.prologue));
    } else if (open && open.example) {
      openExample(state, open.example);
    } else if (!Object.keys(yasgui._tabs).length && config.examples.length) {
      openExample(state, config.examples[0].name);
    }
    var remember = function () {
      window.localStorage.setItem(STORAGE_ID + "-examples", JSON.stringify(state.examples));
      follow(state);
    };
    ["tabSelect", "tabChange", "tabClose", "query", "queryResponse"].forEach(function (event) {
      yasgui.on(event, function () { window.setTimeout(remember, 0); });
    });
    remember();
    if (!root.getAttribute("data-linked")) {
      linkLocally(root, config.links);
      root.setAttribute("data-linked", "true");
    }
    root.setAttribute("data-ready", "true");
    return yasgui;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    itudQuery: {
      mount: function (config) {
        var root = document.getElementById("query-yasgui");
        if (!config || !root) return window.dash_clientside.no_update;
        Promise.all([loadYasgui(config.vendor), loadTerms(config.terms)]).then(function (loaded) {
          build(root, loaded[0], loaded[1], config);
        }).catch(function (err) {
          var status = document.getElementById("query-status");
          if (status) status.textContent = err.message;
        });
        return "";
      },
      pick: function (name) {
        if (!current || !name) return window.dash_clientside.no_update;
        openExample(current, name);
        return null;
      },
    },
  });
})();
