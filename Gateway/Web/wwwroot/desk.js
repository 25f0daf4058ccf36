// The agent desk: sign in, go available, take offers, talk to the customer, solve. Live events come from
// /api/agent/desk (server-sent events); actions are the AgentService calls in JSON under /api/agent/.
// Besides the customer conversation: internal notes, status and priority, side conversations with third
// parties, merging a ticket into another of the same customer, and the customer's satisfaction rating.
"use strict";

(() => {
  const S = Switchboard;
  const $ = id => document.getElementById(id);
  const desk = {
    agentId: "", presence: "PRESENCE_OFFLINE", offers: new Map(), events: null,
    tickets: new Map(),   // assigned to this agent, by id
    viewed: null,         // a ticket opened by id that is not on the desk (a solved one, say)
    selected: "",
    customer: null,       // { ticketId, tickets: [TicketSummary] } for the selected ticket's customer
    updating: false,      // an UpdateTicket in flight
  };

  const STATUSES = { TICKET_STATUS_NEW: "New", TICKET_STATUS_OPEN: "Open", TICKET_STATUS_PENDING: "Pending",
    TICKET_STATUS_ON_HOLD: "On-hold", TICKET_STATUS_SOLVED: "Solved", TICKET_STATUS_CLOSED: "Closed" };
  const AGENT_STATUSES = ["TICKET_STATUS_OPEN", "TICKET_STATUS_PENDING", "TICKET_STATUS_ON_HOLD", "TICKET_STATUS_SOLVED"];
  const PRIORITIES = { TICKET_PRIORITY_LOW: "Low", TICKET_PRIORITY_NORMAL: "Normal", TICKET_PRIORITY_HIGH: "High", TICKET_PRIORITY_URGENT: "Urgent" };
  // Calls whose request names no agent.
  const UNATTRIBUTED = new Set(["/api/agent/get-ticket", "/api/agent/list-customer-tickets"]);

  function showError(where, error) { $(where).textContent = error ? error.message || String(error) : ""; }

  // An AgentService call as this agent; a refusal shows its sentence above the desk and answers null. The
  // agent's own actions clear the last refusal first; reads the desk makes by itself (background) leave it.
  async function act(path, body, background = false) {
    if (!background) showError("desk-error");
    try {
      return await S.call(path, UNATTRIBUTED.has(path) ? body : { agentId: desk.agentId, ...body });
    } catch (error) {
      showError("desk-error", error);
      return null;
    }
  }

  const current = () => desk.tickets.get(desk.selected) || (desk.viewed && desk.viewed.ticketId === desk.selected ? desk.viewed : null);
  const isMine = ticket => desk.tickets.has(ticket.ticketId);
  const statusName = status => STATUSES[status] || "—";

  // ---- Presence, offers, the ticket list -------------------------------------------------------------

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
      S.el("div", {}, S.el("strong", {}, t.customerAddress || t.customerId),
        t.unreadSide ? S.el("span", { class: "chip busy badge" }, "side reply") : null),
      S.el("div", { class: "meta" }, S.channelName(t.channel) + " · " + statusName(t.status) + " · " + t.ticketId)))
      : [S.el("p", { class: "empty" }, "No tickets.")]));
    renderConversation();
  }

  // ---- The selected ticket ---------------------------------------------------------------------------

  function messageItem(m) {
    const kind = m.internalNote ? "note" : m.author === "AUTHOR_AGENT" ? "agent" : m.author === "AUTHOR_SYSTEM" ? "system" : "customer";
    const who = m.internalNote ? "note · " + (m.agentId || "agent")
      : kind === "agent" ? (m.agentId || "agent") : kind === "system" ? "system" : "customer";
    return S.el("li", { class: kind, "data-sequence": m.sequence }, S.el("span", { class: "who" }, who), m.body);
  }

  function renderConversation() {
    const ticket = current();
    $("conversation").hidden = !ticket;
    $("details").hidden = !ticket;
    $("conversation-empty").hidden = !!ticket;
    if (!ticket) return;
    const mine = isMine(ticket);
    $("ticket-title").textContent = (ticket.customerAddress || ticket.customerId) + " · " + S.channelName(ticket.channel) + " · " + ticket.ticketId;
    $("ticket-status").textContent = statusName(ticket.status);
    $("solve").hidden = !mine;
    $("reply-form").hidden = !mine;
    const notice = ticket.mergedIntoTicketId ? "Merged into " + ticket.mergedIntoTicketId + "; the conversation carries on there."
      : mine ? "" : "Not on your desk (" + statusName(ticket.status) + (ticket.assigneeAgentId ? ", " + ticket.assigneeAgentId : "") + "): read only.";
    $("ticket-notice").textContent = notice;
    $("ticket-notice").hidden = !notice;

    $("merged").replaceChildren(...(ticket.mergedTranscripts || []).map(m => S.el("details", { class: "merged", "data-merged": m.ticketId },
      S.el("summary", {}, "Merged from " + m.ticketId + " · " + m.transcript.length + " message" + (m.transcript.length === 1 ? "" : "s")),
      S.el("ol", { class: "messages" }, m.transcript.map(messageItem)))));
    const list = $("transcript");
    list.replaceChildren(...ticket.transcript.map(messageItem));
    list.scrollTop = list.scrollHeight;
    renderDetails(ticket, mine);
  }

  function options(select, names, value) {
    const entries = Object.entries(names);
    if (value && !entries.some(([key]) => key === value)) entries.unshift([value, STATUSES[value] || value]);
    select.replaceChildren(...entries.map(([key, label]) => S.el("option", { value: key }, label)));
    select.value = value;
  }

  function renderDetails(ticket, mine) {
    options($("status-select"), Object.fromEntries(AGENT_STATUSES.map(s => [s, STATUSES[s]])), ticket.status);
    options($("priority-select"), PRIORITIES, ticket.priority);
    $("status-select").disabled = !mine || desk.updating;
    $("priority-select").disabled = !mine || desk.updating;
    renderCsat(ticket.csat);
    renderSideConversations(ticket, mine);
    $("new-side").hidden = !mine;
    renderCustomerTickets(ticket, mine);
  }

  function renderCsat(csat) {
    const box = $("csat");
    box.hidden = !csat;
    if (!csat) return;
    const parts = [S.el("h2", {}, "Satisfaction")];
    if (csat.rating > 0) {
      parts.push(S.el("div", { class: "rating", "data-testid": "csat-rating", title: csat.rating + " out of 5" },
        S.el("span", { class: "stars", "aria-hidden": "true" }, "★".repeat(csat.rating) + "☆".repeat(5 - csat.rating)), " " + csat.rating + "/5"));
      if (csat.comment) parts.push(S.el("blockquote", { "data-testid": "csat-comment" }, csat.comment));
      parts.push(S.el("div", { class: "meta" }, "About " + (csat.agentId || "—") + (csat.ratedAt ? " · " + new Date(csat.ratedAt).toLocaleString() : "")));
    }
    if (csat.pendingSurveyId) parts.push(S.el("div", { class: "meta" }, "Survey sent; waiting for the customer's answer."));
    box.replaceChildren(...parts);
  }

  function renderSideConversations(ticket, mine) {
    const threads = ticket.sideConversations || [];
    $("side-conversations").replaceChildren(...(threads.length ? threads.map(sc => S.el("article", { class: "thread", "data-thread": sc.sideConversationId },
      S.el("div", { class: "thread-head" },
        S.el("strong", {}, sc.subject),
        S.el("span", { class: "chip " + (sc.open ? "available" : "offline"), "data-testid": "thread-state" }, sc.open ? "open" : "closed")),
      S.el("div", { class: "meta" }, "with " + sc.recipientAddress + " · via " + sc.adapterId),
      S.el("ol", { class: "messages" }, sc.messages.map(m => S.el("li", { class: m.agentId ? "agent" : "third-party", "data-sequence": m.sequence },
        S.el("span", { class: "who" }, m.agentId || m.senderAddress), m.body))),
      mine && sc.open ? threadReplyForm(ticket.ticketId, sc) : null))
      : [S.el("p", { class: "empty" }, "None.")]));
  }

  function threadReplyForm(ticketId, sc) {
    const input = S.el("input", { required: "", placeholder: "Reply to " + sc.recipientAddress, "aria-label": "Reply in " + sc.subject });
    return S.el("form", { class: "thread-reply", onsubmit: async e => {
        e.preventDefault();
        if (await act("/api/agent/reply-side-conversation", { ticketId, sideConversationId: sc.sideConversationId, body: input.value })) await refresh(ticketId);
      } },
      input,
      S.el("button", { type: "submit" }, "Send"),
      S.el("button", { type: "button", onclick: async () => {
        if (await act("/api/agent/close-side-conversation", { ticketId, sideConversationId: sc.sideConversationId })) await refresh(ticketId);
      } }, "Close"));
  }

  function renderCustomerTickets(ticket, mine) {
    const known = desk.customer && desk.customer.ticketId === ticket.ticketId ? desk.customer.tickets : [];
    const others = known.filter(t => t.ticketId !== ticket.ticketId);
    $("customer-tickets").replaceChildren(...(others.length ? others.map(t => S.el("li", { "data-customer-ticket": t.ticketId },
      S.el("button", { class: "link", type: "button", onclick: () => openTicket(t.ticketId) }, t.ticketId),
      S.el("span", { class: "meta" }, " " + statusName(t.status) + " · " + (t.subject || t.preview))))
      : [S.el("li", { class: "empty" }, "No other tickets.")]));
    const targets = others.filter(t => t.status !== "TICKET_STATUS_CLOSED");
    $("merge-target").replaceChildren(...targets.map(t => S.el("option", { value: t.ticketId }, t.ticketId + " · " + (t.subject || t.preview))));
    $("merge-form").hidden = !mine || targets.length === 0;
  }

  async function loadCustomer(ticket) {
    const answer = await act("/api/agent/list-customer-tickets", { customerId: ticket.customerId, pageSize: 50 }, true);
    if (answer) {
      desk.customer = { ticketId: ticket.ticketId, tickets: answer.tickets };
      if (desk.selected === ticket.ticketId) renderConversation();
    }
  }

  // ---- Keeping tickets up to date --------------------------------------------------------------------

  function keep(ticket) {
    desk.tickets.set(ticket.ticketId, ticket);
    if (!desk.selected) select(ticket.ticketId);
    else renderTickets();
  }

  // Reads the ticket again (with merged transcripts and side conversations) after an action or a live event.
  async function refresh(ticketId, background = false) {
    const answer = await act("/api/agent/get-ticket", { ticketId }, background);
    if (!answer) return;
    if (desk.tickets.has(ticketId)) desk.tickets.set(ticketId, answer.ticket);
    else if (desk.viewed && desk.viewed.ticketId === ticketId) desk.viewed = answer.ticket;
    renderTickets();
  }

  function select(ticketId) {
    desk.selected = ticketId;
    const ticket = desk.tickets.get(ticketId);
    if (ticket) ticket.unreadSide = false;
    renderTickets();
    const shown = current();
    if (shown) loadCustomer(shown);
  }

  // Shows any ticket in reach: one on the desk is selected, another is read from the server.
  async function openTicket(ticketId) {
    if (desk.tickets.has(ticketId)) { select(ticketId); refresh(ticketId); return; }
    const answer = await act("/api/agent/get-ticket", { ticketId });
    if (answer) { desk.viewed = answer.ticket; select(ticketId); }
  }

  function dropTicket(ticketId) {
    desk.tickets.delete(ticketId);
    if (desk.selected === ticketId) desk.selected = "";
    const next = desk.tickets.keys().next().value;
    if (!desk.selected && next) select(next);
    else renderTickets();
  }

  async function accept(ticketId) {
    const answer = await act("/api/agent/accept-offer", { ticketId });
    desk.offers.delete(ticketId);
    renderOffers();
    if (answer) { desk.tickets.set(ticketId, answer.ticket); select(ticketId); }
  }

  async function decline(ticketId) {
    await act("/api/agent/decline-offer", { ticketId });
    desk.offers.delete(ticketId);
    renderOffers();
  }

  function onSideMessage(update) {
    const ticket = desk.tickets.get(update.ticketId) || (desk.viewed && desk.viewed.ticketId === update.ticketId ? desk.viewed : null);
    const thread = ticket && (ticket.sideConversations || []).find(sc => sc.sideConversationId === update.sideConversationId);
    if (!thread) { if (ticket) refresh(update.ticketId, true); return; }
    if (!thread.messages.some(m => m.sequence === update.message.sequence)) thread.messages.push(update.message);
    thread.open = true; // a third party's reply opens a closed thread again
    if (desk.selected !== update.ticketId && desk.tickets.has(update.ticketId)) ticket.unreadSide = true;
    renderTickets();
  }

  function onEvent(e) {
    if (e.snapshot) {
      desk.presence = e.snapshot.presence;
      desk.offers = new Map(e.snapshot.offers.map(o => [o.ticketId, o]));
      for (const id of e.snapshot.assignedTicketIds) {
        if (!desk.tickets.has(id)) act("/api/agent/get-ticket", { ticketId: id }, true).then(a => a && keep(a.ticket));
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
    } else if (e.sideConversationMessage) {
      onSideMessage(e.sideConversationMessage);
    } else if (e.ticketReleased) {
      dropTicket(e.ticketReleased.ticketId);
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

  // ---- Wiring ----------------------------------------------------------------------------------------

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

  $("add-note").addEventListener("click", async () => {
    const body = $("reply").value;
    if (!body.trim() || !desk.selected) { $("reply").reportValidity(); return; }
    if (await act("/api/agent/add-internal-note", { ticketId: desk.selected, body })) {
      $("reply").value = "";
      await refresh(desk.selected);
    }
  });

  $("solve").addEventListener("click", async () => {
    if (await act("/api/agent/solve-ticket", { ticketId: desk.selected })) dropTicket(desk.selected);
  });

  // Status and priority: one UpdateTicket each; a refusal puts the select back to what the ticket says.
  // One change at a time: the selects stay disabled until the ticket is read back.
  async function update(change) {
    const ticketId = desk.selected;
    desk.updating = true;
    $("status-select").disabled = $("priority-select").disabled = true;
    try {
      const answer = await act("/api/agent/update-ticket", { ticketId, ...change });
      if (answer && desk.tickets.has(ticketId) && answer.ticket.status !== "TICKET_STATUS_SOLVED") await refresh(ticketId);
    } finally {
      desk.updating = false;
      renderConversation();
    }
  }
  $("status-select").addEventListener("change", e => update({ status: e.target.value }));
  $("priority-select").addEventListener("change", e => update({ priority: e.target.value }));

  $("side-form").addEventListener("submit", async e => {
    e.preventDefault();
    const ticketId = desk.selected;
    const started = await act("/api/agent/start-side-conversation", {
      ticketId,
      adapterId: $("side-adapter").value.trim(),
      channel: $("side-channel").value,
      recipientAddress: $("side-recipient").value.trim(),
      subject: $("side-subject").value.trim(),
      body: $("side-body").value,
    });
    if (started) {
      for (const id of ["side-recipient", "side-subject", "side-body"]) $(id).value = "";
      $("new-side").open = false;
      await refresh(ticketId);
    }
  });

  $("merge-form").addEventListener("submit", async e => {
    e.preventDefault();
    const source = desk.selected, target = $("merge-target").value;
    if (!target) return;
    const answer = await act("/api/agent/merge-tickets", { sourceTicketId: source, targetTicketId: target });
    if (!answer) return;
    desk.tickets.delete(source);
    if (desk.viewed && desk.viewed.ticketId === source) desk.viewed = null;
    await openTicket(target);
  });

  $("lookup-form").addEventListener("submit", async e => {
    e.preventDefault();
    const ticketId = $("lookup-id").value.trim();
    if (ticketId) await openTicket(ticketId);
  });
})();
