using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Switchboard.Simulator.Load;
using Switchboard.V1;

namespace Switchboard.Simulator.Customers;

/// <summary>
/// A customer: writes a first message, then one more after each agent reply until they have said what
/// they came to say. An impatient customer gives up (stops writing) when no agent answers in time: the
/// API has no abandon call yet, so abandonment is the customer falling silent.
/// </summary>
public sealed class Customer(SimulationRun run, Conversation conversation, SimulationRandom random)
{
    private static readonly string[] Openers =
    [
        "Hi, my order never arrived",
        "I was charged twice this month",
        "How do I change my delivery address?",
        "The app keeps logging me out",
        "Can I return a gift without the receipt?",
    ];

    private static readonly string[] FollowUps =
    [
        "The order number is 4471-220",
        "It was on the 3rd, the card ending 0099",
        "Yes, that's right",
        "I already tried that, it did not help",
        "Thanks, and how long will it take?",
    ];

    private int _written;

    public async Task Visit(CancellationToken stopWriting)
    {
        var settings = run.Settings;
        var messages = 1 + random.Poisson(Math.Max(0, settings.MessagesPerConversation - 1));
        TimeSpan? patience = random.Chance(settings.AbandonProbability) ? random.Exponential(settings.Patience) : null;
        // An answered customer waits this long for a reply before drifting away.
        var attention = (settings.HandleTime.Mean * 4) + settings.ServiceLevelTarget;
        run.Figures.ConversationStarted();
        run.Book.Open(conversation);
        try
        {
            if (!await Write(Openers))
            {
                return;
            }
            while (!stopWriting.IsCancellationRequested)
            {
                var reply = await conversation.NextReply(conversation.IsWaiting ? patience - Stopwatch.GetElapsedTime(conversation.ArrivedAt) : attention, stopWriting);
                if (reply is null)
                {
                    if (!stopWriting.IsCancellationRequested && conversation.IsWaiting && conversation.TryAbandon())
                    {
                        run.Figures.ConversationAbandoned();
                    }
                    if (conversation.IsWaiting)
                    {
                        continue;
                    }
                    return;
                }
                if (_written >= messages)
                {
                    return;
                }
                await Task.Delay(random.Exponential(settings.ThinkTime), stopWriting);
                if (!await Write(FollowUps))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopWriting.IsCancellationRequested)
        {
            // The run is over: the customer stops mid-thought.
        }
        catch (Exception e) when (e is RpcException or TimeoutException or InvalidOperationException)
        {
            run.Figures.Error("customer message", e);
        }
        finally
        {
            // The agent who gets an abandoned ticket still needs to see that the customer left; it closes those.
            if (!conversation.IsAbandoned)
            {
                run.Book.Close(conversation);
            }
            if (conversation.TicketId is { } ticketId)
            {
                run.OfferDelivery.Forget(ticketId);
            }
        }
    }

    /// <summary>Sends the next message; false when it was rejected (the conversation cannot go on).</summary>
    private async Task<bool> Write(string[] lines)
    {
        _written++;
        var message = new InboundMessage
        {
            Channel = conversation.Channel,
            ConversationId = conversation.ConversationId,
            AdapterMessageId = $"{conversation.ConversationId}-{_written}",
            SenderAddress = conversation.CustomerAddress,
            SenderName = "Simulated customer",
            Body = lines[(int)(random.Uniform() * lines.Length)],
            SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        };
        var sent = await conversation.Adapter.Send(message);
        if (sent is null)
        {
            return false;
        }
        var (ack, sentAt) = sent.Value;
        if (conversation.TicketId is null)
        {
            run.Book.Ticketed(conversation, ack.TicketId);
        }
        // Any message may be the one that opens or reopens the ticket (the agent forgets the others when
        // it solves); the offer is timed from when it was sent, since offers often overtake acks.
        run.OfferDelivery.Cause(ack.TicketId, sentAt);
        return true;
    }
}
