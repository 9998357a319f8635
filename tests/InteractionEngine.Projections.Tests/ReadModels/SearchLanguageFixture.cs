using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using Marten;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>
/// Tenants in each search language: london (english), lisboa (portuguese), madrid (spanish), plain (no setting:
/// simple), and bulk (simple) with more matches than a total counts. The store is configured with those languages,
/// as the Host configures it from Tenants:{id}:SearchLanguage.
/// </summary>
public sealed class SearchLanguageFixture : IAsyncLifetime
{
    public const int BulkMessages = 1005;

    public static readonly SearchLanguages Languages = new(new Dictionary<string, SearchLanguage>
    {
        ["london"] = SearchLanguage.English,
        ["lisboa"] = SearchLanguage.Portuguese,
        ["madrid"] = SearchLanguage.Spanish,
    });

    public string ConnectionString { get; private set; } = "";
    public DocumentStore Store { get; private set; } = null!;
    public ConversationQueries Queries { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("searchlang");
        Store = ReadModelStore.Create(ConnectionString, searchLanguages: Languages);
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        Queries = new ConversationQueries(Store, Languages);
        await EventFeed.AppendInterleavedAsync(Store, Conversations());
        var bulk = Script("bulk", "many");
        for (var i = 1; i <= BulkMessages; i++) bulk.Seconds(1).Receive(ChannelKind.WhatsApp, $"wamid.bulk{i}", $"pedido número {i}");
        foreach (var batch in bulk.Events.Chunk(250)) await EventFeed.AppendAsync(Store, batch);
    }

    private static IEnumerable<ConversationScript> Conversations()
    {
        yield return Script("london", "kim")
            .Receive(ChannelKind.WhatsApp, "wamid.k1", "I would like a refund for my order")
            .Seconds(5).Receive(ChannelKind.WhatsApp, "wamid.k2", "Refund! I asked for a refund twice, a full refund")
            .Seconds(5).Receive(ChannelKind.WhatsApp, "wamid.k3", "Where is my parcel?");
        yield return Script("london", "lee")
            .Receive(ChannelKind.WhatsApp, "wamid.l1", "Refunded already, thanks")
            .Seconds(5).Receive(ChannelKind.WhatsApp, "wamid.l2", "Olá from Lisbon, café is great");
        yield return Script("lisboa", "rita")
            .Receive(ChannelKind.WhatsApp, "wamid.r1", "Olá! Quero o reembolso da encomenda")
            .Seconds(5).Receive(ChannelKind.WhatsApp, "wamid.r2", "Já pedi informação sobre a fatura");
        yield return Script("madrid", "sofia")
            .Receive(ChannelKind.WhatsApp, "wamid.s1", "Necesito información sobre mi reembolso")
            .Seconds(5).Receive(ChannelKind.WhatsApp, "wamid.s2", "¿Dónde está mi pedido?");
        yield return Script("plain", "pat")
            .Receive(ChannelKind.WhatsApp, "wamid.p1", "I would like a refund");
    }

    private static ConversationScript Script(string tenant, string contact) =>
        new(new ConversationId(tenant, contact), new DateTimeOffset(2025, 6, 2, 9, 0, 0, TimeSpan.Zero));

    public async Task DisposeAsync()
    {
        if (Store is not null) await Store.DisposeAsync();
        if (ConnectionString.Length > 0) await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
