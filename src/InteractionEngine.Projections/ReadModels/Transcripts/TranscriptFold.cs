using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// Folds conversation events, in stream order, into transcript lines. It holds the working set of one
/// batch: the heads of the conversations involved and every line the batch creates or changes, so that
/// several events of one stream in a batch (a message and its delivery status, a notification and the
/// button reply to it) see each other. Lines written by earlier batches that the batch needs are handed
/// in up front. The projection and the as-of query both use it, so they cannot disagree.
/// </summary>
internal sealed class TranscriptFold
{
    private readonly Dictionary<string, TranscriptHead> _heads;
    private readonly Dictionary<string, TranscriptLine> _lines;
    private readonly IReadOnlyDictionary<(string Conversation, string ChannelMessageId), long> _storedReplyTargets;
    private readonly HashSet<string> _changedHeads = [];
    private readonly HashSet<string> _changedLines = [];

    public TranscriptFold(
        IEnumerable<TranscriptHead> heads,
        IEnumerable<TranscriptLine> storedLines,
        IReadOnlyDictionary<(string, string), long>? storedReplyTargets = null)
    {
        _heads = heads.ToDictionary(h => h.Id);
        _lines = storedLines.ToDictionary(l => l.Id);
        _storedReplyTargets = storedReplyTargets ?? new Dictionary<(string, string), long>();
    }

    public IEnumerable<TranscriptHead> ChangedHeads => _changedHeads.Select(id => _heads[id]);
    public IEnumerable<TranscriptLine> ChangedLines => _changedLines.Select(id => _lines[id]);
    public IEnumerable<TranscriptLine> AllLines => _lines.Values;

    /// <summary>
    /// Applies one event. <paramref name="version"/> is its stream version when Marten knows it (async daemon,
    /// rebuilds, stream reads); Quick appends hand inline projections 0, and then the head's count stands in.
    /// <paramref name="include"/> false only advances the position (as-of queries skip later events).
    /// </summary>
    public void Apply(IConversationEvent e, long version = 0, bool include = true)
    {
        var conversation = e.ConversationId.Value;
        // A directory entry may come before the first interaction: the transcript starts with the interaction.
        if (e is IDirectoryEvent && !_heads.ContainsKey(conversation)) return;
        var head = Advance(conversation, e, version);
        if (!include) return;

        if (e is DeliveryStatusChanged d)
        {
            // Only tracked outbound messages get statuses, so the line exists; tolerate its absence anyway.
            if (_lines.TryGetValue(TranscriptLineIds.Message(conversation, d.MessageNumber), out var sent))
                Put(TranscriptLineFactory.WithDelivery(sent, d));
            return;
        }

        if (e is AttachmentStored or AttachmentFetchFailed)
        {
            if (_lines.TryGetValue(TranscriptLineIds.Message(conversation, FetchedMessageNumber(e)), out var received))
                Put(TranscriptLineFactory.WithFetch(received, e));
            return;
        }

        if (TranscriptLineFactory.Create(head, head.Position, e) is not { } line) return;
        if (line.InReplyTo is { } replyTo)
            line = line with { InReplyToMessageNumber = FindMessageNumber(conversation, replyTo) };
        Put(line);
    }

    private TranscriptHead Advance(string conversation, IConversationEvent e, long version)
    {
        _heads.TryGetValue(conversation, out var before);
        // A known version wins, so even a rebuild that kept stale heads numbers the lines right.
        var position = version > 0 ? version : (before?.Position ?? 0) + 1;
        var head = (before, e) switch
        {
            (_, InteractionOpened o) => new TranscriptHead(conversation, position, o.Interaction, o.Channel),
            (not null, Reactivated r) => before with { Position = position, Interaction = r.Interaction, Channel = r.Channel },
            (not null, _) => before with { Position = position },
            // The domain opens every conversation with InteractionOpened; anything else means a broken feed.
            (null, _) => throw new InvalidOperationException(
                $"Stream {conversation} starts with {e.GetType().Name}; a conversation stream must start with {nameof(InteractionOpened)}"),
        };
        _heads[conversation] = head;
        _changedHeads.Add(conversation);
        return head;
    }

    internal static long FetchedMessageNumber(IConversationEvent e) => e switch
    {
        AttachmentStored s => s.MessageNumber,
        AttachmentFetchFailed f => f.MessageNumber,
        _ => 0,
    };

    private long? FindMessageNumber(string conversation, string channelMessageId)
    {
        // The latest message carrying that id among the lines of this batch (a status with the channel's id may
        // have arrived moments before the reply) and the stored ones: the same answer whatever the batch boundaries.
        long? found = _storedReplyTargets.TryGetValue((conversation, channelMessageId), out var stored) ? stored : null;
        foreach (var line in _lines.Values)
        {
            if (line.ConversationId == conversation && line.ChannelMessageId == channelMessageId && line.MessageNumber > (found ?? 0))
                found = line.MessageNumber;
        }
        return found;
    }

    private void Put(TranscriptLine line)
    {
        _lines[line.Id] = line;
        _changedLines.Add(line.Id);
    }
}
