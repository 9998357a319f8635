using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Tests.ReadModels;

internal static class TranscriptReading
{
    /// <summary>A whole (short) transcript, oldest first, through the public query.</summary>
    public static async Task<IReadOnlyList<TranscriptLine>> AllLines(ConversationQueries queries, string tenant, string contact,
        TranscriptRequest? request = null)
    {
        var page = await queries.TranscriptAsync(tenant, contact, (request ?? new TranscriptRequest()) with { PageSize = 500, Order = SortOrder.OldestFirst });
        Assert.Null(page.NextCursor);
        return page.Lines;
    }
}
