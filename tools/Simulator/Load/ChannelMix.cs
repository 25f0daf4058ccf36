using Switchboard.V1;

namespace Switchboard.Simulator.Load;

/// <summary>Which channels conversations arrive on, by weight ("chat=60,email=30,sms=10").</summary>
public sealed class ChannelMix
{
    private static readonly Dictionary<string, Channel> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chat"] = Channel.Chat,
        ["email"] = Channel.Email,
        ["voice"] = Channel.Voice,
        ["sms"] = Channel.Sms,
        ["social"] = Channel.Social,
    };

    private readonly (Channel Channel, double Weight)[] _weights;
    private readonly double _total;

    private ChannelMix((Channel, double)[] weights)
    {
        _weights = weights;
        _total = weights.Sum(w => w.Item2);
    }

    public IReadOnlyList<(Channel Channel, double Weight)> Weights => _weights;

    /// <exception cref="FormatException">The text names an unknown channel or a weight that is not a positive number.</exception>
    public static ChannelMix Parse(string text)
    {
        var weights = new List<(Channel, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !Names.TryGetValue(pair[0], out var channel))
            {
                throw new FormatException($"'{part}' is not channel=weight with a channel among {string.Join(", ", Names.Keys)}.");
            }
            if (!double.TryParse(pair[1], System.Globalization.CultureInfo.InvariantCulture, out var weight) || weight <= 0)
            {
                throw new FormatException($"The weight of {pair[0]} must be a positive number, not '{pair[1]}'.");
            }
            weights.Add((channel, weight));
        }
        return weights.Count > 0 ? new ChannelMix([.. weights]) : throw new FormatException("Name at least one channel, e.g. chat=60,email=30,sms=10.");
    }

    /// <summary>A channel drawn by weight from <paramref name="uniform"/> in [0, 1).</summary>
    public Channel Pick(double uniform)
    {
        var point = uniform * _total;
        foreach (var (channel, weight) in _weights)
        {
            if (point < weight)
            {
                return channel;
            }
            point -= weight;
        }
        return _weights[^1].Channel;
    }

    public override string ToString() =>
        string.Join(",", _weights.Select(w => $"{Names.First(n => n.Value == w.Channel).Key}={w.Weight}"));
}
