// The agent desk: sign in, go available, take offers, talk to the customer, solve. Live events come from
// /api/agent/desk (server-sent events); actions are the AgentService calls in JSON under /api/agent/.
"use strict";

(() => {
  const S = Switchboard;
  const $ = id => document.getElementById(id);
  const desk = { agentId: "", presence: "PRESENCE_OFFLINE", offers: new Map(), tickets: new Map(), selected: "", events: null };

  function showError(where, error) { $(where).textContent = error ? error.message || String(error) : ""; }

  // An AgentService call as this agent (the ticket lookup is the one call that names no agent).
  async function act(path, body) {
    showError("desk-error");
    try {
      return await S.call(path, path.endsWith("/get-ticket") ? body : { agentId: desk.agentId, ...body });
    } catch (error) {
      showError("desk-error", error);
      return null;
    }
  }

  function renderPresence() {
    const chip = $("presence");
    chip.textContent = S.presenceName(desk.presence);
    chip.className = "chip " + ({ PRESENCE_AVAILABLE: "available", PRESENCE_AWAY: "away" }[desk.presence] || "offline");
    $("go-available").disabled = desk.presence === "PRESENCE_AVAILABLE";
    $("go-away").disabled = desk.presence === "PRESENCE_AWAY";
    $("go-offline").disabled = desk.presence === "PRESENCE_OFFLINE";
  }

  function renderOffers() {
    const offers = [...desk.offers.values()];
    $("offers").replaceChildren(...(offers.length ? offers.map(o => S.el("div", { class: "offer", "data-offer": o.ticketId },
      S.el("div", { class: "meta" }, S.channelName(o.channel) + " · queue " + o.queueId),
      S.el("div", { class: "preview" }, o.preview),
      S.el("div", { class: "actions" },
        S.el("button", { class: "primary", onclick: () => accept(o.ticketId) }, "Accept"),
        S.el("button", { onclick: () => decline(o.ticketId) }, "Decline"))))
      : [S.el("p", { class: "empty" }, "No offers.")]));
  }

  function renderTickets() {
    const tickets = [...desk.tickets.values()];
    $("tickets").replaceChildren(...(tickets.length ? tickets.map(t => S.el("div", {
        class: "ticket" + (t.ticketId === desk.selected ? " selected" : ""), "data-ticket": t.ticketId, onclick: () => select(t.ticketId) },
      S.el("div", {}, S.el("strong", {}, t.customerAddress || t.customerId)),
      S.el("div", { class: "meta" }, S.channelName(t.channel) + " · " + t.ticketId)))
      : [S.el("p", { class: "empty" }, "No tickets.")]));
    renderConversation();
  }

  function renderConversation() {
    const ticket = desk.tickets.get(desk.selected);
    $("conversation").hidden = !ticket;
    $("conversation-empty").hidden = !!ticket;
    if (!ticket) return;
    $("ticket-title").textContent = (ticket.customerAddress || ticket.customerId) + " · " + S.channelName(ticket.channel);
    const list = $("transcript");
    list.replaceChildren(...ticket.transcript.map(m => S.el("li", { class: m.author === "AUTHOR_AGENT" ? "agent" : "customer" },
      S.el("span", { class: "who" }, m.author === "AUTHOR_AGENT" ? (m.agentId || "agent") : "customer"), m.body)));
    list.scrollTop = list.scrollHeight;
  }

  function keep(ticket) {
    desk.tickets.set(ticket.ticketId, ticket);
    if (!desk.selected) desk.selected = ticket.ticketId;
    renderTickets();
  }

  async function refresh(ticketId) {
    const answer = await act("/api/agent/get-ticket", { ticketId });
    if (answer && desk.tickets.has(ticketId)) keep(answer.ticket);
  }

  function select(ticketId) { desk.selected = ticketId; renderTickets(); }

  async function accept(ticketId) {
    const answer = await act("/api/agent/accept-offer", { ticketId });
    desk.offers.delete(ticketId);
    renderOffers();
    if (answer) { desk.selected = ticketId; keep(answer.ticket); }
  }

  async function decline(ticketId) {
    await act("/api/agent/decline-offer", { ticketId });
    desk.offers.delete(ticketId);
    renderOffers();
  }

  function onEvent(e) {
    if (e.snapshot) {
      desk.presence = e.snapshot.presence;
      desk.offers = new Map(e.snapshot.offers.map(o => [o.ticketId, o]));
      for (const id of e.snapshot.assignedTicketIds) {
        if (!desk.tickets.has(id)) act("/api/agent/get-ticket", { ticketId: id }).then(a => a && keep(a.ticket));
      }
      renderPresence(); renderOffers();
    } else if (e.offer) {
      desk.offers.set(e.offer.ticketId, e.offer); renderOffers();
    } else if (e.offerWithdrawn) {
      desk.offers.delete(e.offerWithdrawn.ticketId); renderOffers();
    } else if (e.ticketAssigned) {
      desk.offers.delete(e.ticketAssigned.ticket.ticketId); renderOffers(); keep(e.ticketAssigned.ticket);
    } else if (e.ticketMessage) {
      const ticket = desk.tickets.get(e.ticketMessage.ticketId);
      if (ticket && !ticket.transcript.some(m => m.sequence === e.ticketMessage.message.sequence)) {
        ticket.transcript.push(e.ticketMessage.message); renderConversation();
      }
    } else if (e.ticketReleased) {
      desk.tickets.delete(e.ticketReleased.ticketId);
      if (desk.selected === e.ticketReleased.ticketId) desk.selected = desk.tickets.keys().next().value || "";
      renderTickets();
    } else if (e.presenceChanged) {
      desk.presence = e.presenceChanged.presence; renderPresence();
    }
  }

  function connect() {
    const dot = $("live-dot"), text = $("live-text");
    desk.events = new EventSource(S.url("/api/agent/desk", { agent_id: desk.agentId }));
    desk.events.addEventListener("desk", m => { dot.classList.add("live"); text.textContent = "connected as " + desk.agentId; onEvent(JSON.parse(m.data)); });
    desk.events.addEventListener("error", m => {
      if (m.data) {
        desk.events.onerror = null;
        desk.events.close();
        $("desk").hidden = true; $("sign-in").hidden = false;
        showError("sign-in-error", new Error(JSON.parse(m.data).message));
      }
    });
    desk.events.onerror = () => {
      if (desk.events.readyState === EventSource.CLOSED) {
        $("desk").hidden = true; $("sign-in").hidden = false;
        showError("sign-in-error", new Error("The key was refused: it is wrong, revoked, or not this agent's."));
        return;
      }
      dot.classList.remove("live"); text.textContent = "reconnecting…";
    };
  }

  $("access-key").value = S.key;

  $("sign-in").addEventListener("submit", e => {
    e.preventDefault();
    showError("sign-in-error");
    S.setKey($("access-key").value.trim());
    desk.agentId = $("agent-id").value.trim();
    $("agent-name").textContent = desk.agentId;
    $("sign-in").hidden = true; $("desk").hidden = false;
    renderPresence(); renderOffers(); renderTickets();
    connect();
  });

  async function setPresence(presence) {
    const answer = await act("/api/agent/set-presence", { presence });
    if (answer) { desk.presence = answer.presence; renderPresence(); }
  }
  $("go-available").addEventListener("click", () => setPresence("PRESENCE_AVAILABLE"));
  $("go-away").addEventListener("click", () => setPresence("PRESENCE_AWAY"));
  $("go-offline").addEventListener("click", () => setPresence("PRESENCE_OFFLINE"));

  $("reply-form").addEventListener("submit", async e => {
    e.preventDefault();
    const body = $("reply").value;
    if (!body.trim() || !desk.selected) return;
    if (await act("/api/agent/reply", { ticketId: desk.selected, body })) {
      $("reply").value = "";
      await refresh(desk.selected);
    }
  });

  $("solve").addEventListener("click", async () => {
    const ticketId = desk.selected;
    if (await act("/api/agent/solve-ticket", { ticketId })) {
      desk.tickets.delete(ticketId);
      desk.selected = desk.tickets.keys().next().value || "";
      renderTickets();
    }
  });
})();
