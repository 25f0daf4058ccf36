// Helpers shared by the dashboard and the desk. Messages are the gRPC messages in protobuf JSON.
"use strict";

const Switchboard = {
  // The credential: an API key (or a bearer token) given once as "#key=..." in the address or on the sign-in
  // form, kept for this browser tab only, and dropped from the address so it is not bookmarked or shared.
  key: (() => {
    const given = location.hash.match(/key=([^&]+)/);
    if (given) {
      sessionStorage.setItem("switchboard.key", decodeURIComponent(given[1]));
      history.replaceState(null, "", location.pathname + location.search);
    }
    return sessionStorage.getItem("switchboard.key") || "";
  })(),

  setKey(key) { this.key = key; sessionStorage.setItem("switchboard.key", key); },

  // EventSource cannot send headers, so streams carry the credential in the query.
  credentialParam() { return this.key.startsWith("sbk_") ? "access_key" : "access_token"; },

  // "12.5s" (a protobuf Duration in JSON) to seconds.
  seconds(duration) { return duration ? parseFloat(duration) : 0; },

  // 75 -> "1:15", 3700 -> "1:01:40".
  clock(totalSeconds) {
    const s = Math.max(0, Math.floor(totalSeconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(r).padStart(2, "0");
  },

  since(timestamp) { return timestamp ? (Date.now() - Date.parse(timestamp)) / 1000 : 0; },

  url(path, params = {}) {
    const query = new URLSearchParams(params);
    if (this.key) query.set(this.credentialParam(), this.key);
    const text = query.toString();
    return text ? path + "?" + text : path;
  },

  // The credential as a request header.
  headers() { return this.key.startsWith("sbk_") ? { "x-api-key": this.key } : { "authorization": "Bearer " + this.key }; },

  // One JSON call on the web port; throws an Error with the server's sentence when refused.
  async call(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...this.headers() },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.message || response.status + " " + response.statusText);
    return answer;
  },

  el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  },

  presenceName(presence) {
    return { PRESENCE_AVAILABLE: "Available", PRESENCE_AWAY: "Away", PRESENCE_OFFLINE: "Offline" }[presence] || "Unknown";
  },

  channelName(channel) { return (channel || "").replace("CHANNEL_", "").toLowerCase(); },
};
