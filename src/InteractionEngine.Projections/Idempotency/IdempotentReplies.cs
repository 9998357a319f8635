using InteractionEngine.Domain.Conversations;
using Marten;

namespace InteractionEngine.Projections.Idempotency;

/// <summary>
/// The first answer given under an Idempotency-Key (per tenant and API key), replayed for repeats of the same request:
/// <paramref name="RequestHash"/> is the fingerprint of the request (method, path, canonical body; null on replies kept
/// before it was recorded, which are matched by route only).
/// </summary>
public sealed record IdempotentReply(string Id, string Route, Reply Reply, string? RequestHash = null)
{
    public bool Answers(string route, string? requestHash) => Route == route && (RequestHash is null || RequestHash == requestHash);
}

/// <summary>
/// Idempotency-Key for commands that have no natural key: the conversation already dedups channel message ids
/// and client message ids; here a repeated route/end/done/reactivate/read request gets its first answer back
/// instead of a 409 for the second attempt. Only definitive answers are kept (not 503: those must be retried).
/// </summary>
public sealed class IdempotentReplies(IDocumentStore store)
{
    public async Task<IdempotentReply?> FindAsync(string id, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<IdempotentReply>(id, ct);
    }

    public async Task RememberAsync(IdempotentReply reply, CancellationToken ct)
    {
        if (reply.Reply.Code == ReplyCode.Unavailable) return;
        await using var session = store.LightweightSession();
        session.Store(reply);
        await session.SaveChangesAsync(ct);
    }
}
