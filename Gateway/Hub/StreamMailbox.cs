using System.Threading.Channels;

namespace Switchboard.Gateway.Hub;

/// <summary>A bounded buffer between the hub and one stream's writer; overflow ends the stream.</summary>
public sealed class StreamMailbox<T>(int limit)
{
    private readonly Channel<T> _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(limit)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>True once the reader fell more than the limit behind; the stream must end.</summary>
    public bool Overflowed { get; private set; }

    public ChannelReader<T> Reader => _channel.Reader;

    public void Post(T item)
    {
        if (!_channel.Writer.TryWrite(item))
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
        }
    }
}
