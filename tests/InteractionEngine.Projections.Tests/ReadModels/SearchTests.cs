using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Tests.ReadModels;

public sealed class SearchTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private readonly ConversationQueries _queries = fixture.Queries;

    [Fact]
    public async Task Tenant_search_ranks_by_relevance_and_highlights_the_words()
    {
        var hits = await _queries.SearchTenantAsync("acme", "fatura");

        Assert.Equal(["bruno #1", "ana #10", "ana #3", "ana #1"], hits.Select(h => $"{h.Line.Contact} #{h.Line.MessageNumber}"));
        Assert.True(hits[0].Rank > hits[1].Rank, "two occurrences rank above one");
        // Equal ranks: newest first, so the order is total and repeatable.
        for (var i = 1; i < hits.Count; i++)
            Assert.True(hits[i - 1].Rank > hits[i].Rank || (hits[i - 1].Rank == hits[i].Rank && hits[i - 1].Line.At >= hits[i].Line.At));
        Assert.All(hits, h => Assert.Equal("acme", h.Line.Tenant));
        Assert.Equal("A «fatura» de março veio errada, a «fatura» está duplicada", hits[0].Snippet.Render());
        Assert.Contains(hits[0].Snippet.Parts, p => p is { Highlighted: true, Text: "fatura" });
    }

    [Fact]
    public async Task Contact_search_stays_within_the_contact()
    {
        var hits = await _queries.SearchContactAsync("acme", "ana", "fatura");
        Assert.Equal([1L, 3L, 10L], hits.Select(h => h.Line.MessageNumber!.Value).Order());
        Assert.All(hits, h => Assert.Equal("acme:ana", h.Line.ConversationId));
    }

    [Theory]
    [InlineData("Olá")]
    [InlineData("olá")]
    [InlineData("OLÁ")]
    [InlineData("ola")]
    [InlineData("OLA")]
    public async Task Accented_words_match_in_any_case_and_keep_their_spelling_in_snippets(string query)
    {
        var hits = await _queries.SearchTenantAsync("acme", query);
        Assert.Equal([1L, 3L], hits.Select(h => h.Line.MessageNumber!.Value).Order());
        Assert.All(hits, h => Assert.Equal("Olá", Assert.Single(h.Snippet.Parts, p => p.Highlighted).Text));
    }

    [Fact]
    public async Task Japanese_text_is_found_inside_longer_sentences()
    {
        var hits = await _queries.SearchTenantAsync("acme", "日本語");
        Assert.Equal(["ana", "chen"], hits.Select(h => h.Line.Contact).Order());
        var chen = hits.Single(h => h.Line.Contact == "chen");
        Assert.Equal("«日本語»のテキストを検索できますか", chen.Snippet.Render());
    }

    [Fact]
    public async Task Emoji_search_finds_the_message_and_does_not_cross_tenants()
    {
        var hits = await _queries.SearchTenantAsync("acme", "🎉");
        var hit = Assert.Single(hits);
        Assert.Equal("acme:ana", hit.Line.ConversationId);
        Assert.Equal("Olá! Preciso de ajuda com a fatura «🎉»", hit.Snippet.Render());

        var globex = Assert.Single(await _queries.SearchTenantAsync("globex", "🎉"));
        Assert.Equal("globex:ana", globex.Line.ConversationId);
    }

    [Fact]
    public async Task Search_covers_notification_bodies_buttons_replies_and_captions()
    {
        Assert.Equal([4L, 5L], (await _queries.SearchContactAsync("acme", "ana", "\"pay now\"")).Select(h => h.Line.MessageNumber!.Value).Order());
        Assert.Equal(2L, Assert.Single(await _queries.SearchContactAsync("acme", "ana", "recibo")).Line.MessageNumber);
        Assert.Equal(4L, Assert.Single(await _queries.SearchContactAsync("acme", "ana", "invoice friday")).Line.MessageNumber);
    }

    [Fact]
    public async Task Search_filters_by_media_and_channel_and_ignores_empty_or_odd_input()
    {
        var tweets = await _queries.SearchAsync("acme", new SearchRequest("fatura", Media: MediaType.OpenMedia));
        Assert.Equal(10L, Assert.Single(tweets.Hits).Line.MessageNumber);
        var sms = await _queries.SearchAsync("acme", new SearchRequest("obrigada", Channel: ChannelKind.Sms));
        Assert.Equal(8L, Assert.Single(sms.Hits).Line.MessageNumber);

        Assert.Empty(await _queries.SearchTenantAsync("acme", "   "));
        Assert.Empty(await _queries.SearchTenantAsync("acme", "\"unbalanced & | ! ( quotes"));
        Assert.Empty(await _queries.SearchTenantAsync("initech", "fatura"));
    }
}
