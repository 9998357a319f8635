using InteractionEngine.Domain.Conversations;
using Marten;
using static InteractionEngine.Projections.ReadModels.ReadModelSql;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>A contact's transcript, live and as of a moment.</summary>
internal sealed class TranscriptQueries(ReadModelSql sql)
{
    /// <summary>One page of a contact's transcript, by position, newest or oldest first.</summary>
    public async Task<TranscriptPage> TranscriptAsync(string tenant, string contact, TranscriptRequest? request = null, CancellationToken ct = default)
    {
        request ??= new TranscriptRequest();
        var conversation = Conversation(tenant, contact).Value;
        var size = PageSize(request.PageSize);

        await using var session = sql.Store.QuerySession();
        var query = session.Query<TranscriptLine>().Where(l => l.ConversationId == conversation);
        if (request.Media is { } media) query = query.Where(l => l.Media == media);
        if (request.Channel is { } channel) query = query.Where(l => l.Channel == channel);
        if (request.Cursor is { } cursor)
            query = request.Order == SortOrder.NewestFirst ? query.Where(l => l.Position < cursor) : query.Where(l => l.Position > cursor);
        query = request.Order == SortOrder.NewestFirst ? query.OrderByDescending(l => l.Position) : query.OrderBy(l => l.Position);

        var lines = await query.Take(size + 1).ToListAsync(ct);
        return Page(lines, size);
    }

    /// <summary>
    /// The transcript as it stood at <paramref name="asOf"/> (event time): the conversation's events are read
    /// from Marten's stream and folded exactly as the projection folds them, skipping those that happened later,
    /// so delivery statuses and links show their state at that moment. Positions match the live transcript.
    /// </summary>
    public async Task<TranscriptPage> TranscriptAsOfAsync(string tenant, string contact, DateTimeOffset asOf,
        TranscriptRequest? request = null, CancellationToken ct = default)
    {
        request ??= new TranscriptRequest();
        var conversation = Conversation(tenant, contact).Value;

        await using var session = sql.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(conversation, token: ct);
        var fold = new TranscriptFold([], []);
        foreach (var e in events)
        {
            if (e.Data is IConversationEvent data) fold.Apply(data, e.Version, include: data.At <= asOf);
        }

        IEnumerable<TranscriptLine> lines = fold.AllLines;
        if (request.Media is { } media) lines = lines.Where(l => l.Media == media);
        if (request.Channel is { } channel) lines = lines.Where(l => l.Channel == channel);
        if (request.Cursor is { } cursor)
            lines = request.Order == SortOrder.NewestFirst ? lines.Where(l => l.Position < cursor) : lines.Where(l => l.Position > cursor);
        lines = request.Order == SortOrder.NewestFirst ? lines.OrderByDescending(l => l.Position) : lines.OrderBy(l => l.Position);

        var size = PageSize(request.PageSize);
        return Page(lines.Take(size + 1).ToList(), size);
    }

    private static TranscriptPage Page(IReadOnlyList<TranscriptLine> fetched, int size) =>
        fetched.Count > size
            ? new TranscriptPage(fetched.Take(size).ToArray(), fetched[size - 1].Position)
            : new TranscriptPage(fetched, null);
}
