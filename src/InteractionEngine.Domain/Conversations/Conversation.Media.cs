using static InteractionEngine.Domain.Conversations.ConversationState;

namespace InteractionEngine.Domain.Conversations;

/// <summary>Where fetching a channel-held attachment of an inbound message stands (see docs/lifecycle.md, "Contact media").</summary>
public enum MediaFetchStatus
{
    /// <summary>Not fetched yet, or a retryable failure that the fetcher tries again.</summary>
    Pending,
    Stored,
    /// <summary>A final failure: nothing is fetched again.</summary>
    Failed,
}

/// <summary>Contact media: the channel's media of an inbound message is fetched once, and its outcome recorded once.</summary>
public static partial class Conversation
{
    /// <summary>How many channel-held attachments a conversation tracks the fetch of.</summary>
    public const int MediaFetchMemory = 2000;

    public static string MediaKey(long messageNumber, int index) => $"{messageNumber}/{index}";

    private static Decision RecordFetch(Started s, RecordAttachmentFetch c)
    {
        if (s.MediaFetches is null || !s.MediaFetches.TryGet(MediaKey(c.MessageNumber, c.Index), out var status))
            return Decision.Reject(ReplyCode.NotFound, $"message {c.MessageNumber} has no channel media at index {c.Index} to fetch");
        if (status != MediaFetchStatus.Pending)
            return Decision.Unchanged($"attachment {c.Index} of message {c.MessageNumber} is already {status.ToString().ToLowerInvariant()}");
        IConversationEvent outcome = c.Stored is { } stored
            ? new AttachmentStored(s.Id, c.MessageNumber, c.Index, c.ChannelReference, stored, c.Attempt, c.At)
            : new AttachmentFetchFailed(s.Id, c.MessageNumber, c.Index, c.ChannelReference, c.FailureReason!, c.Attempt, c.Retryable, c.At);
        return Decision.Accept(new Reply(ReplyCode.Accepted), outcome);
    }

    private static BoundedMap<string, MediaFetchStatus> Fetches(Started s) => s.MediaFetches ?? BoundedMap<string, MediaFetchStatus>.Empty(MediaFetchMemory);

    /// <summary>Every channel-held attachment of an inbound message starts pending.</summary>
    private static BoundedMap<string, MediaFetchStatus>? PendingMedia(BoundedMap<string, MediaFetchStatus>? fetches, MessageReceived m)
    {
        for (var i = 0; i < m.Attachments.Count; i++)
        {
            if (!CommandValidation.IsChannelHeld(m.Attachments[i].Reference)) continue;
            fetches = (fetches ?? BoundedMap<string, MediaFetchStatus>.Empty(MediaFetchMemory)).Set(MediaKey(m.MessageNumber, i), MediaFetchStatus.Pending);
        }
        return fetches;
    }
}
