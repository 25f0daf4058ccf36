namespace Switchboard.Silo.Agents;

/// <summary>The last <c>capacity</c> offers (ticket and wait) an agent answered, oldest forgotten first.</summary>
public sealed class RecentAnswers(int capacity)
{
    private readonly Queue<(string TicketId, long WaitSequence)> _order = new();
    private readonly HashSet<(string TicketId, long WaitSequence)> _answers = [];

    public void Add(string ticketId, long waitSequence)
    {
        if (!_answers.Add((ticketId, waitSequence)))
        {
            return;
        }
        _order.Enqueue((ticketId, waitSequence));
        if (_order.Count > capacity)
        {
            _answers.Remove(_order.Dequeue());
        }
    }

    public bool Contains(string ticketId, long waitSequence) => _answers.Contains((ticketId, waitSequence));
}
