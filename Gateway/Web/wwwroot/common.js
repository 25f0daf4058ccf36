// Helpers shared by the dashboard and the desk. Messages are the gRPC messages in protobuf JSON.
"use strict";

const Switchboard = {
  tenant: new URLSearchParams(location.search).get("tenant") || "",

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
    if (this.tenant) query.set("tenant", this.tenant);
    const text = query.toString();
    return text ? path + "?" + text : path;
  },

  // One JSON call on the web port; throws an Error with the server's sentence when refused.
  async call(path, body) {
    const response = await fetch(this.url(path), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.message || response.statusText);
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
