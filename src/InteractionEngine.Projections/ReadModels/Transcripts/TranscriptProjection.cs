using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Services.BatchQuerying;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// Transcript lines (one document per line, so a years-long conversation never rewrites a growing document)
/// plus a small <see cref="TranscriptHead"/> per conversation. A custom projection because one event can
/// change a line written by an earlier one (delivery status, reply link): it sees the whole batch, loads what
/// earlier batches wrote in one batched query (shared with the other inline projections',
/// <see cref="IBatchedProjection"/>), and folds every stream in order with <see cref="TranscriptFold"/>.
/// </summary>
public sealed class TranscriptProjection(SearchLanguages languages) : IBatchedProjection
{
    public const string Name = "Transcript";

    public TranscriptProjection() : this(SearchLanguages.Default) { }

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        this.ApplyAloneAsync(operations, events, cancellation);

    public Func<Task>? Prepare(ProjectionReads reads, IDocumentOperations operations, IReadOnlyList<IEvent> events)
    {
        var domainEvents = new List<IConversationEvent>(events.Count);
        var versions = new List<long>(events.Count);
        foreach (var e in events)
        {
            if (e.Data is not IConversationEvent data || data is IAgentEvent) continue; // agent streams have no transcript
            if (e.StreamKey is { } key && key != data.ConversationId.Value)
                throw new InvalidOperationException($"Event of {data.ConversationId.Value} was appended to stream {key}; streams are keyed by conversation id");
            domainEvents.Add(data);
            versions.Add(e.Version);
        }
        if (domainEvents.Count == 0) return null;

        // Everything earlier batches wrote that this batch needs, read with the other projections' reads (inside the append).
        var heads = reads.LoadMany<TranscriptHead>(domainEvents.Select(e => e.ConversationId.Value).ToHashSet());
        var statusTargets = StatusTargetIds(domainEvents) is { Length: > 0 } ids
            ? reads.Batch.LoadMany<TranscriptLine>().ById(ids)
            : Task.FromResult<IReadOnlyList<TranscriptLine>>([]);
        var replyTargets = ReplyTargets(reads, domainEvents);
        return async () =>
        {
            var fold = new TranscriptFold(await heads, await statusTargets, ToLookup(await replyTargets));
            for (var i = 0; i < domainEvents.Count; i++) fold.Apply(domainEvents[i], versions[i]);

            var changedHeads = fold.ChangedHeads.ToArray();
            foreach (var head in changedHeads) reads.Writes(head.Id, head);
            TranscriptTables.Heads.Writer.Queue(operations, changedHeads);
            TranscriptTables.Lines.Writer.Queue(operations, fold.ChangedLines.Select(WithSearchLanguage).ToArray());
        };
    }

    /// <summary>A searchable line is indexed in its tenant's language (stemming), the one search stems the query in.</summary>
    private TranscriptLine WithSearchLanguage(TranscriptLine line) =>
        line.SearchText is null ? line : line with { SearchLanguage = languages.For(line.Tenant) };

    /// <summary>Lines of earlier batches whose delivery status (or attachment fetch status) this batch moves.</summary>
    private static string[] StatusTargetIds(List<IConversationEvent> events)
    {
        var createdHere = events.Select(MessageLineId).OfType<string>().ToHashSet();
        return events.OfType<DeliveryStatusChanged>()
            .Select(d => TranscriptLineIds.Message(d.ConversationId.Value, d.MessageNumber))
            .Concat(events.Where(e => e is AttachmentStored or AttachmentFetchFailed)
                .Select(e => TranscriptLineIds.Message(e.ConversationId.Value, TranscriptFold.FetchedMessageNumber(e))))
            .Where(id => !createdHere.Contains(id))
            .Distinct()
            .ToArray();
    }

    /// <summary>Stored lines that inbound replies of this batch may point at (same conversations, same channel ids).</summary>
    private static Task<IReadOnlyList<TranscriptLine>> ReplyTargets(ProjectionReads reads, List<IConversationEvent> events)
    {
        var replies = events.OfType<MessageReceived>().Where(m => m.InReplyTo is not null).ToList();
        if (replies.Count == 0) return Task.FromResult<IReadOnlyList<TranscriptLine>>([]);
        var conversations = replies.Select(m => m.ConversationId.Value).Distinct().ToArray();
        var channelIds = replies.Select(m => m.InReplyTo!).Distinct().ToArray();
        return reads.Batch.Query<TranscriptLine>()
            .Where(l => conversations.Contains(l.ConversationId) && channelIds.Contains(l.ChannelMessageId!))
            .ToList();
    }

    private static Dictionary<(string, string), long> ToLookup(IReadOnlyList<TranscriptLine> candidates) => candidates
        .Where(l => l is { ChannelMessageId: not null, MessageNumber: not null })
        .GroupBy(l => (l.ConversationId, l.ChannelMessageId!))
        .ToDictionary(g => g.Key, g => g.Max(l => l.MessageNumber!.Value));

    private static string? MessageLineId(IConversationEvent e) => e switch
    {
        MessageSent s => TranscriptLineIds.Message(s.ConversationId.Value, s.MessageNumber),
        NotificationSent n => TranscriptLineIds.Message(n.ConversationId.Value, n.MessageNumber),
        MessageReceived m => TranscriptLineIds.Message(m.ConversationId.Value, m.MessageNumber),
        _ => null,
    };
}
